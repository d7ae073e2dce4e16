using System.Collections.ObjectModel;

namespace SctpPS;

/// <summary>
/// A read-only list whose <see cref="ToString"/> is its items separated by ", ": what Export-Csv
/// and string conversion write (an array would write its type name, "System.String[]").
/// SctpPS's objects hold their addresses, paths and subscriptions in it.
/// </summary>
public sealed class SctpList<T> : ReadOnlyCollection<T>
{
    public static new readonly SctpList<T> Empty = new(Array.Empty<T>());

    public SctpList(IList<T> items) : base(items) { }

    public override string ToString() => string.Join(", ", this);
}
