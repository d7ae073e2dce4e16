using SctpPS.Native;

namespace SctpPS;

// Socket options of sctp(7), read and written with sctp_opt_info(3) semantics: an
// association id selects one association's values; 0 is the socket (on a one-to-many
// socket, the defaults future associations inherit).
public sealed partial class SctpSocket
{
    /// <summary>
    /// Reads options from the kernel. <paramref name="names"/> null reads every option of
    /// <see cref="SctpOptionCatalog"/>; an option that fails is left null and its failure is
    /// in <paramref name="failures"/>.
    /// </summary>
    /// <exception cref="SctpException">EINVAL: this socket has no association <paramref name="associationId"/>.</exception>
    public SctpSocketOption GetOptions(int associationId, IReadOnlyCollection<string>? names, out IReadOnlyList<SctpOptionException> failures)
    {
        var definitions = Resolve(names);
        var result = new SctpSocketOption { Socket = this, AssociationId = associationId };
        var errors = new List<SctpOptionException>();
        Use(fd =>
        {
            RequireAssociation(fd, associationId);
            foreach (var group in definitions.GroupBy(d => d.Kernel))
            {
                var kernel = group.Key;
                if (kernel.Scope == SctpOptionScope.NewAssociations && associationId != 0)
                    continue; // not the association's: its streams are in its SctpAssociation
                int id = kernel.Scope == SctpOptionScope.Association || kernel.Scope == SctpOptionScope.AssociationOnly ? associationId : 0;
                object raw;
                try
                {
                    raw = kernel.Read(fd, id);
                }
                catch (SctpException e)
                {
                    errors.Add(Failure(e, kernel, group.Select(d => d.Name).ToList(), id, reading: true));
                    continue;
                }
                foreach (var definition in group)
                    typeof(SctpSocketOption).GetProperty(definition.Name)!.SetValue(result, definition.Read(raw));
            }
            return 0;
        });
        failures = errors;
        return result;
    }

    /// <summary>Every option of <see cref="SctpOptionCatalog"/> this kernel can report for the socket or association.</summary>
    public SctpSocketOption GetOptions(int associationId = 0) => GetOptions(associationId, null, out _);

    /// <summary>
    /// Writes several options as one change: each kernel option is read, changed and written back
    /// whole; when the kernel refuses one, those already written are restored, so either every
    /// value is in effect or none is (<see cref="SctpOptionException.StillApplied"/> names any
    /// that could not be restored).
    /// </summary>
    /// <param name="values">Property name of <see cref="SctpSocketOption"/> to the new value.</param>
    /// <exception cref="ArgumentException">An unknown or read-only option, or a value of the wrong type.</exception>
    /// <exception cref="SctpOptionException">The kernel refused a value; nothing else changed.</exception>
    public void SetOptions(int associationId, IReadOnlyDictionary<string, object> values)
    {
        var changes = values.Select(pair =>
        {
            var definition = SctpOptionCatalog.Find(pair.Key) ?? throw new ArgumentException($"Unknown SCTP socket option '{pair.Key}'.", nameof(values));
            if (!definition.Settable) throw new ArgumentException($"{definition.Name} ({definition.KernelOption}) is read-only.", nameof(values));
            return (Definition: definition, Value: Convert(definition, pair.Value));
        }).ToList();

        Use(fd =>
        {
            RequireAssociation(fd, associationId);
            var written = new List<(KernelOption Kernel, int Id, object Before, string[] Names)>();
            // In catalogue order, so that a change is always applied the same way.
            foreach (var group in changes.GroupBy(c => c.Definition.Kernel).OrderBy(g => Order(g.Key)))
            {
                var kernel = group.Key;
                var names = group.Select(c => c.Definition.Name).ToArray();
                int id = kernel.Scope == SctpOptionScope.Association || kernel.Scope == SctpOptionScope.AssociationOnly ? associationId : 0;
                try
                {
                    object before = kernel.Read(fd, id);
                    object after = group.Aggregate(before, (raw, change) => change.Definition.Apply!(raw, change.Value));
                    kernel.Write(fd, id, after);
                    written.Add((kernel, id, before, names));
                }
                catch (SctpException e)
                {
                    var notRestored = new List<string>();
                    foreach (var done in Enumerable.Reverse(written))
                    {
                        try { done.Kernel.Write(fd, done.Id, done.Before); }
                        catch (SctpException) { notRestored.AddRange(done.Names); }
                    }
                    var failure = Failure(e, kernel, names, id, reading: false);
                    string applied = written.Count == 0 ? "Nothing was changed."
                        : notRestored.Count == 0 ? $"Nothing was changed ({string.Join(", ", written.SelectMany(w => w.Names))}: written, then restored)."
                        : $"Still changed (restoring failed): {string.Join(", ", notRestored)}.";
                    string wanted = string.Join(", ", group.Select(c => $"{c.Definition.Name}={SctpOptionCatalog.Show(c.Value)}"));
                    throw new SctpOptionException(failure.Failure, e.Errno, kernel.Name, names,
                        $"{failure.Message.TrimEnd('.')} ({wanted}). {applied}", notRestored, e);
                }
            }
            return 0;
        });
    }

    private static List<SctpOptionDefinition> Resolve(IReadOnlyCollection<string>? names)
    {
        if (names is null) return SctpOptionCatalog.All.ToList();
        return names.Select(n => SctpOptionCatalog.Find(n) ?? throw new ArgumentException($"Unknown SCTP socket option '{n}'.", nameof(names)))
                    .Distinct().ToList();
    }

    private static int Order(KernelOption kernel) =>
        SctpOptionCatalog.All.Select((d, i) => (d, i)).First(x => x.d.Kernel == kernel).i;

    /// <summary>A one-to-many socket answers an unknown association id with the socket's values; say so instead.</summary>
    private void RequireAssociation(int fd, int associationId)
    {
        if (associationId == 0) return;
        var status = new SctpStatus();
        if (!TryGetStatus(fd, associationId, ref status))
            throw new SctpException(Errno.EINVAL, "SCTP_STATUS", $"Socket {Id} has no association {associationId}: {Errno.EINVAL.Format()}.");
    }

    private SctpOptionException Failure(SctpException e, KernelOption kernel, IReadOnlyList<string> names, int associationId, bool reading)
    {
        var failure = SctpOptionException.Classify(e.Errno, kernel.Scope, associationId);
        string what = $"{string.Join(", ", names)} ({kernel.Name})";
        string message = failure switch
        {
            SctpOptionFailure.NotSupported =>
                $"This kernel ({Environment.OSVersion.Version}) does not support {what}: {e.Errno.Format()}. The option was added in Linux {kernel.AddedIn}.",
            SctpOptionFailure.NotApplicable =>
                $"{what} does not apply to {Style} socket {Id}: {e.Errno.Format()}.",
            SctpOptionFailure.NoAssociation =>
                $"{what} exists only for an association, and socket {Id} {(Style == SctpSocketStyle.OneToOne ? "has none" : "was given none (use -Association)")}: {e.Errno.Format()}.",
            _ => reading
                ? $"Reading {what} failed: {e.Errno.Format()}."
                : $"The kernel refused {what}: {e.Errno.Format()}.",
        };
        return new SctpOptionException(failure, e.Errno, kernel.Name, names, message, inner: e);
    }

    private static object Convert(SctpOptionDefinition definition, object value)
    {
        try
        {
            if (definition.Type.IsArray)
            {
                var element = definition.Type.GetElementType()!;
                var items = value is System.Collections.IEnumerable list and not string ? list.Cast<object>() : new[] { value };
                var array = Array.CreateInstance(element, items.Count());
                int i = 0;
                foreach (var item in items)
                    array.SetValue(element.IsEnum ? Enum.Parse(element, item.ToString()!, ignoreCase: true) : System.Convert.ChangeType(item, element), i++);
                return array;
            }
            return System.Convert.ChangeType(value, definition.Type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"{definition.Name} takes a {definition.Type.Name}; '{value}' is not one.", nameof(value), e);
        }
    }

}
