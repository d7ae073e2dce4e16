using System.Reflection;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

/// <summary>
/// What Test-SctpSupport and SctpNotSupported tell a user on each kind of host, from made-up facts
/// (this machine is only one of them), and the modprobe.d rules that keep sctp from loading.
/// </summary>
public class SupportDiagnosisTests
{
    private static SctpProbeFacts Facts(Errno errno = Errno.ESOCKTNOSUPPORT, string release = "6.8.0-1012-aws", bool loaded = false, bool moduleFile = false,
                                        ModprobeRule[]? rules = null, string id = "", string like = "", string name = "", bool container = false) =>
        new(errno, release, loaded, moduleFile, rules ?? Array.Empty<ModprobeRule>(), id, like, name, container);

    private static void FitsAnInstalledModule(string text)
    {
        Assert.DoesNotContain("build.ps1", text);
        Assert.DoesNotContain("sandbox", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tests/", text);
    }

    [Fact]
    public void NothingToDoWhenTheSocketOpens()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(errno: Errno.None));
        Assert.Contains("succeeded", reason);
        Assert.Equal("", remedy);
    }

    [Fact]
    public void UbuntuInstallsLinuxModulesExtraForTheRunningKernel()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(id: "ubuntu", like: "debian", name: "Ubuntu 24.04 LTS"));
        Assert.Contains("linux-modules-extra", reason);
        Assert.Contains("'apt-get install linux-modules-extra-6.8.0-1012-aws'", remedy);
        Assert.Contains("modprobe sctp", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Fact]
    public void DebianIsToldTheSameAndWhereItsOwnKernelsHaveIt()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(release: "6.1.0-27-cloud-amd64", id: "debian", name: "Debian GNU/Linux 12 (bookworm)"));
        Assert.Contains("Debian GNU/Linux 12", reason);
        Assert.Contains("linux-modules-extra-6.1.0-27-cloud-amd64", remedy);
        Assert.Contains("linux-image-amd64", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Theory]
    [InlineData("rhel", "fedora", "Red Hat Enterprise Linux 9.4 (Plow)")]
    [InlineData("fedora", "", "Fedora Linux 40 (Server Edition)")]
    [InlineData("rocky", "rhel centos fedora", "Rocky Linux 9.4 (Blue Onyx)")]
    public void RhelAndFedoraInstallKernelModulesExtraAndAreToldOfItsBlacklist(string id, string like, string name)
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(release: "5.14.0-427.el9.x86_64", id: id, like: like, name: name));
        Assert.Contains(name, reason);
        Assert.Contains("'dnf install kernel-modules-extra-5.14.0-427.el9.x86_64'", remedy);
        Assert.Contains("blacklist sctp", remedy);
        Assert.Contains("/etc/modprobe.d/sctp-blacklist.conf", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Fact]
    public void ABlacklistedModuleIsLoadedExplicitlyAndTheLineNamed()
    {
        var rule = new ModprobeRule("/etc/modprobe.d/sctp-blacklist.conf", 3, "blacklist sctp", false);
        var (reason, remedy) = SctpSupport.Diagnose(Facts(moduleFile: true, rules: new[] { rule }, id: "fedora"));
        Assert.Contains("/etc/modprobe.d/sctp-blacklist.conf line 3 ('blacklist sctp')", reason);
        Assert.Contains("'modprobe sctp'", remedy);
        Assert.Contains("remove or comment out that line", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Fact]
    public void AHardeningRuleMustGoBeforeTheModuleCanLoad()
    {
        var rules = new[]
        {
            new ModprobeRule("/etc/modprobe.d/CIS.conf", 7, "install sctp /bin/true", true),
            new ModprobeRule("/etc/modprobe.d/sctp-blacklist.conf", 1, "blacklist sctp", false),
        };
        var (reason, remedy) = SctpSupport.Diagnose(Facts(moduleFile: true, rules: rules));
        Assert.Contains("/etc/modprobe.d/CIS.conf line 7 ('install sctp /bin/true')", reason);
        Assert.StartsWith("Remove or comment out that line", remedy);
    }

    [Fact]
    public void AnAvailableModuleIsLoadedWithModprobe()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(moduleFile: true, id: "debian"));
        Assert.Contains("not loaded", reason);
        Assert.Contains("'modprobe sctp'", remedy);
        Assert.Contains("/etc/modules-load.d/sctp.conf", remedy);
    }

    [Fact]
    public void AContainerLoadsTheModuleOnItsHost()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(container: true, id: "debian"));
        Assert.Contains("container", reason);
        Assert.StartsWith("On the host, as root: 'modprobe sctp'", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Fact]
    public void Wsl2NeedsAKernelBuiltWithSctp()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(release: "5.15.153.1-microsoft-standard-WSL2", id: "ubuntu"));
        Assert.Contains("WSL2", reason);
        Assert.Contains("CONFIG_IP_SCTP", remedy);
        Assert.Contains(".wslconfig", remedy);
    }

    [Fact]
    public void AMissingHmacIsNamed()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(errno: Errno.ENOSYS, loaded: true, moduleFile: true));
        Assert.Contains("hmac", reason);
        Assert.Contains("modprobe hmac", remedy);
    }

    [Fact]
    public void AnyOtherHostIsToldWhatToLookFor()
    {
        var (reason, remedy) = SctpSupport.Diagnose(Facts(id: "alpine"));
        Assert.Contains("CONFIG_IP_SCTP", reason);
        Assert.Contains("linux-modules-extra", remedy);
        Assert.Contains("kernel-modules-extra", remedy);
        FitsAnInstalledModule(reason + remedy);
    }

    [Fact]
    public void FindsBlacklistAndInstallRulesInModprobeConfFilesOnly()
    {
        var root = Directory.CreateTempSubdirectory("sctpps-modprobe-");
        var etc = Directory.CreateDirectory(Path.Combine(root.FullName, "etc"));
        var lib = Directory.CreateDirectory(Path.Combine(root.FullName, "lib"));
        var saved = SctpSupport.ModprobeDirectories;
        try
        {
            File.WriteAllText(Path.Combine(etc.FullName, "sctp-blacklist.conf"), "# Remove the blacklist by adding a comment # at the start of the line.\nblacklist sctp\n");
            File.WriteAllText(Path.Combine(etc.FullName, "other.conf"), "# blacklist sctp\nblacklist sctp_diag\noptions sctp foo=1\ninstall dccp /bin/true\n");
            File.WriteAllText(Path.Combine(etc.FullName, "hardening.conf"), "install  sctp /usr/bin/false   # CIS 3.4.2\n");
            File.WriteAllText(Path.Combine(etc.FullName, "notes.txt"), "blacklist sctp\n");
            // The same file name in a later folder is hidden by the first (modprobe.d(5)).
            File.WriteAllText(Path.Combine(lib.FullName, "sctp-blacklist.conf"), "blacklist sctp\n");
            File.WriteAllText(Path.Combine(lib.FullName, "vendor.conf"), "blacklist sctp\n");
            SctpSupport.ModprobeDirectories = new[] { etc.FullName, Path.Combine(root.FullName, "missing"), lib.FullName };

            var rules = SctpSupport.FindModprobeRules();

            Assert.Equal(new[]
            {
                $"{etc.FullName}/hardening.conf:1: install  sctp /usr/bin/false",
                $"{etc.FullName}/sctp-blacklist.conf:2: blacklist sctp",
                $"{lib.FullName}/vendor.conf:1: blacklist sctp",
            }, rules.Select(r => r.ToString()));
            Assert.True(rules[0].BlocksExplicitLoad);
            Assert.False(rules[1].BlocksExplicitLoad);
        }
        finally
        {
            SctpSupport.ModprobeDirectories = saved;
            root.Delete(recursive: true);
        }
    }
}
