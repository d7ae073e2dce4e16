using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Test-SctpConnection: is an SCTP peer up? Resolves the name, sets up one association to every
/// address at once (sctp_connectx), reports setup time, streams, paths and the extensions the peer
/// agreed to, and ends with SHUTDOWN. A peer that does not answer is a result, not an error.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SctpConnection")]
[OutputType(typeof(SctpConnectionTestResult))]
[OutputType(typeof(bool))]
public sealed class TestSctpConnectionCommand : SctpCmdlet
{
    /// <summary>An IP literal or a host name; every address it resolves to is tried.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("RemoteAddress", "HostName")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("RemotePort")]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>Local addresses to set the association up from (bound on an ephemeral port).</summary>
    [Parameter]
    public IPAddress[]? LocalAddress { get; set; }

    /// <summary>For resolving and setting up (and with -ConfirmPaths, confirming the paths); fractions allowed.</summary>
    [Parameter]
    [ValidateRange(0.05, 3600.0)]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int OutboundStreams { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int MaxInboundStreams { get; set; }

    /// <summary>Wait (within -TimeoutSeconds) until a HEARTBEAT has confirmed every peer address.</summary>
    [Parameter]
    public SwitchParameter ConfirmPaths { get; set; }

    protected override void ProcessRecord()
    {
        var options = new SctpProbeOptions
        {
            LocalAddresses = LocalAddress ?? Array.Empty<IPAddress>(),
            OutboundStreams = MyInvocation.BoundParameters.ContainsKey(nameof(OutboundStreams)) ? OutboundStreams : null,
            MaxInboundStreams = MyInvocation.BoundParameters.ContainsKey(nameof(MaxInboundStreams)) ? MaxInboundStreams : null,
            ConfirmPaths = ConfirmPaths,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            Progress = VerboseEnabled ? WriteVerbose : null,
        };
        SctpConnectionTestResult result;
        try
        {
            result = SctpProbe.Test(ComputerName, Port, options, Cancellation);
        }
        catch (SctpNotSupportedException e)
        {
            ThrowNotSupported(e);
            return;
        }
        catch (ArgumentException e)
        {
            WriteSctpError(ErrorCatalog.TestConnectionAddressFamilyMismatch, e, ComputerName, $"{e.Message.TrimEnd('.')}: {Errno.EINVAL.Format()}. Give a -LocalAddress of the peer's family, or none.");
            return;
        }
        catch (SctpException e) when (e.Errno == Errno.EADDRNOTAVAIL)
        {
            WriteSctpError(ErrorCatalog.TestConnectionLocalAddressNotAvailable, e, LocalAddress,
                $"A -LocalAddress ({string.Join(", ", LocalAddress?.Select(a => a.ToString()) ?? Array.Empty<string>())}) is not an address of this host: {e.Errno.Format()}.");
            return;
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL && LocalAddress is not null)
        {
            WriteSctpError(ErrorCatalog.TestConnectionAddressFamilyMismatch, e, LocalAddress,
                $"The -LocalAddress ({string.Join(", ", LocalAddress.Select(a => a.ToString()))}) does not fit the probe's socket: {e.Errno.Format()}.");
            return;
        }
        catch (SctpException e)
        {
            WriteSctpError(ErrorCatalog.TestConnectionFailed, e, ComputerName, $"The probe could not be set up on this host: {e.Message}");
            return;
        }
        if (Cancellation.IsCancellationRequested) return; // Ctrl+C: the probe ended gracefully; the pipeline is stopping
        result.ErrorId = result.Reason switch
        {
            SctpProbeFailure.None => null,
            SctpProbeFailure.Refused => ErrorCatalog.ConnectRefused.ErrorId,
            SctpProbeFailure.Timeout => ErrorCatalog.ConnectTimeout.ErrorId,
            SctpProbeFailure.Unreachable => ErrorCatalog.ConnectNetworkUnreachable.ErrorId,
            SctpProbeFailure.NameNotFound => ErrorCatalog.ConnectHostNotFound.ErrorId,
            _ => ErrorCatalog.ConnectFailed.ErrorId,
        };
        WriteObject(Quiet ? result.Reachable : result);
    }
}
