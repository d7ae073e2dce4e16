namespace SctpPS.Commands;

/// <summary>What the table views of SctpPS.Format.ps1xml call to fit values into their columns.</summary>
public static class SctpFormat
{
    /// <summary>
    /// An endpoint for a column of <paramref name="width"/>: "[2001:db8::1]:3868 (+1)" (how many more
    /// addresses the endpoint has), the address shortened in its middle when it is too long, so that
    /// the port stays visible where the table would cut the end off.
    /// </summary>
    public static string EndPoint(string? endPoint, int addressCount, int width)
    {
        if (string.IsNullOrEmpty(endPoint)) return "";
        string more = addressCount > 1 ? $" (+{addressCount - 1})" : "";
        string text = endPoint + more;
        if (text.Length <= width) return text;
        int colon = endPoint.LastIndexOf(':');
        if (colon <= 0) return text;
        string address = endPoint[..colon], port = endPoint[colon..];
        int room = width - port.Length - more.Length - 1; // one for the ellipsis
        if (room < 4) return text; // too narrow to help: let the table cut it
        int head = (room + 1) / 2, tail = room - head;
        return address[..head] + "\u2026" + address[^tail..] + port + more;
    }
}
