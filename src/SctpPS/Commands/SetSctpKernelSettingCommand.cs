using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Set-SctpKernelSetting: changes one net.sctp.* sysctl as sysctl(8) -w does, after checking the
/// value's kind and the kernel's bounds, so that a refusal says why. Needs root.
/// </summary>
[Cmdlet(VerbsCommon.Set, "SctpKernelSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpKernelSettingChange))]
public sealed class SetSctpKernelSettingCommand : SctpCmdlet
{
    /// <summary>The setting: rto_min or net.sctp.rto_min.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(KernelSettingNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The new value, of the setting's kind (a piped SctpKernelSetting brings its own: a saved value restored).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public object Value { get; set; } = "";

    /// <summary>Emit the old and the new value (as the kernel reports it afterwards).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!SctpKernelSettings.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingNotLoaded, KernelSettingErrors.NotLoaded(), SctpKernelSettings.Root);
            return;
        }
        var value = Unwrap(Value);
        SctpKernelSetting current;
        try
        {
            current = SctpKernelSettings.Get(Name);
        }
        catch (SctpException e) when (e.Errno == Errno.ENOENT)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingNotFound, KernelSettingErrors.NotFound(SctpKernelSettings.ShortName(Name)), Name);
            return;
        }
        catch (SctpException e)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingFailed, e, Name);
            return;
        }
        string text;
        try
        {
            text = SctpKernelSettings.Format(current, value);
            SctpKernelSettings.CheckRange(current, text);
        }
        catch (ArgumentException e)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingInvalidValue, e, current, $"{e.Message} Nothing was changed.");
            return;
        }
        catch (SctpException e)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingOutOfRange, e, current);
            return;
        }
        string unit = current.Unit.Length > 0 ? " " + current.Unit : "";
        if (!ShouldProcess(current.FullName, $"Set from {SctpKernelSettings.Show(current.Value)}{unit} to {text.Replace('\t', ' ')}{unit}"))
            return;
        try
        {
            var change = SctpKernelSettings.Set(current.Name, value);
            if (PassThru) WriteObject(change);
        }
        catch (ArgumentException e)
        {
            WriteSctpError(ErrorCatalog.SetKernelSettingInvalidValue, e, current, $"{e.Message} Nothing was changed.");
        }
        catch (SctpException e)
        {
            var definition = e.Errno switch
            {
                Errno.EACCES or Errno.EPERM => ErrorCatalog.SetKernelSettingPermissionDenied,
                Errno.EINVAL => ErrorCatalog.SetKernelSettingOutOfRange,
                Errno.ENOENT => ErrorCatalog.SetKernelSettingNotFound,
                _ => ErrorCatalog.SetKernelSettingFailed,
            };
            WriteSctpError(definition, e, current);
        }
    }

    // A value from the pipeline or a variable can come wrapped; lists (sctp_mem) element by element.
    private static object Unwrap(object value) => value switch
    {
        PSObject wrapped => Unwrap(wrapped.BaseObject),
        object[] items => items.Select(Unwrap).ToArray(),
        _ => value,
    };
}
