using System.Text;

namespace SctpPS.Commands;

/// <summary>
/// The -Encoding names Send- and Receive-SctpMessage take. Encoding and decoding are strict, so a
/// character an encoding cannot carry, or bytes it cannot read, are an error, not '?'.
/// </summary>
internal static class TextEncoding
{
    public const string Default = "UTF8";
    public static readonly string[] Names = { "UTF8", "ASCII", "Latin1", "Unicode", "BigEndianUnicode", "UTF32" };

    public static Encoding Get(string name) => name.ToUpperInvariant() switch
    {
        "ASCII" => Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        // Encoding.Latin1 would send '?' for a character above U+00FF without a word.
        "LATIN1" => Encoding.GetEncoding("iso-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        "UNICODE" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        "BIGENDIANUNICODE" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        "UTF32" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
    };

    /// <summary>Says which character of a string the encoding refused, and what to give instead.</summary>
    public static string Explain(EncoderFallbackException e, string name)
    {
        name = Array.Find(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;
        if (e.IsUnknownSurrogate())
        {
            int code = char.ConvertToUtf32(e.CharUnknownHigh, e.CharUnknownLow);
            return $"Cannot encode the text in {name}: the character U+{code:X4} at index {e.Index} is not in {name}. Choose an -Encoding that has it (UTF8 has every character), or send bytes with -Data.";
        }
        if (char.IsSurrogate(e.CharUnknown))
            return $"Cannot encode the text in {name}: U+{(int)e.CharUnknown:X4} at index {e.Index} is a lone surrogate (half of a UTF-16 pair, not a character), which no encoding can carry. Remove it or complete the pair, or send bytes with -Data.";
        return $"Cannot encode the text in {name}: the character '{e.CharUnknown}' (U+{(int)e.CharUnknown:X4}) at index {e.Index} is not in {name}. Choose an -Encoding that has it (UTF8 has every character), or send bytes with -Data.";
    }
}
