using System.Text;

namespace SctpPS.Commands;

/// <summary>The -Encoding names Send- and Receive-SctpMessage take; decoding is strict so bad bytes are an error, not '?'.</summary>
internal static class TextEncoding
{
    public const string Default = "UTF8";
    public static readonly string[] Names = { "UTF8", "ASCII", "Latin1", "Unicode", "BigEndianUnicode", "UTF32" };

    public static Encoding Get(string name) => name.ToUpperInvariant() switch
    {
        "ASCII" => Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        "LATIN1" => Encoding.Latin1,
        "UNICODE" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        "BIGENDIANUNICODE" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        "UTF32" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
    };
}
