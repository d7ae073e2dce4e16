using SctpPS.Native;

namespace SctpPS;

/// <summary>Why a socket option could not be read or written.</summary>
public enum SctpOptionFailure
{
    /// <summary>The kernel refused the value (EINVAL and the like): out of its range, or not allowed now.</summary>
    Refused,

    /// <summary>This kernel does not know the option (ENOPROTOOPT): it is older than the option.</summary>
    NotSupported,

    /// <summary>The option does not apply to this socket's style (EOPNOTSUPP), e.g. AutoCloseSeconds on a one-to-one socket.</summary>
    NotApplicable,

    /// <summary>The option exists only for an association, and none was given (or the one-to-one socket has none).</summary>
    NoAssociation,
}

/// <summary>
/// A socket option failed. Names the options, the kernel option and errno, and for a
/// change of several options, which of them are in effect afterwards.
/// </summary>
public sealed class SctpOptionException : SctpException
{
    public SctpOptionException(SctpOptionFailure failure, Errno errno, string kernelOption, IReadOnlyList<string> options,
                               string message, IReadOnlyList<string>? stillApplied = null, Exception? inner = null)
        : base(errno, kernelOption, message, inner)
    {
        Failure = failure;
        Options = options;
        StillApplied = stillApplied ?? Array.Empty<string>();
    }

    public SctpOptionFailure Failure { get; }

    /// <summary>The properties (SctpSocketOption names) the failure concerns.</summary>
    public IReadOnlyList<string> Options { get; }

    /// <summary>After a failed change: the options that stayed changed because restoring them failed too (normally none).</summary>
    public IReadOnlyList<string> StillApplied { get; }

    internal static SctpOptionFailure Classify(Errno errno, SctpOptionScope scope, int associationId) => errno switch
    {
        Errno.ENOPROTOOPT => SctpOptionFailure.NotSupported,
        Errno.EOPNOTSUPP => SctpOptionFailure.NotApplicable,
        Errno.EINVAL or Errno.ENOTCONN when scope == SctpOptionScope.AssociationOnly && associationId == 0 => SctpOptionFailure.NoAssociation,
        _ => SctpOptionFailure.Refused,
    };
}
