using System.Management.Automation;
using SctpPS.Commands;
using Xunit;

namespace SctpPS.Tests;

/// <summary>The option catalogue, the output object and Set-SctpSocketOption's parameters describe the same options.</summary>
public class OptionCatalogTests
{
    private static readonly string[] NotOptions = { nameof(SctpSocketOption.Socket), nameof(SctpSocketOption.AssociationId), nameof(SctpSocketOption.Names) };

    [Fact]
    public void EveryPropertyOfTheOutputIsInTheCatalogueAndTheReverse()
    {
        var properties = typeof(SctpSocketOption).GetProperties().Select(p => p.Name).Except(NotOptions).OrderBy(n => n);
        Assert.Equal(properties, SctpOptionCatalog.All.Select(d => d.Name).OrderBy(n => n));
    }

    [Fact]
    public void SetSctpSocketOptionHasOneTypedParameterPerSettableOption()
    {
        var parameters = typeof(SetSctpSocketOptionCommand).GetProperties()
            .Where(p => p.GetCustomAttributes(typeof(ParameterAttribute), false).Length > 0)
            .Where(p => p.Name is not ("Socket" or "Association" or "PassThru"))
            .ToDictionary(p => p.Name, p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType);
        var settable = SctpOptionCatalog.All.Where(d => d.Settable).ToDictionary(d => d.Name, d => d.Type);
        Assert.Equal(settable.OrderBy(p => p.Key), parameters.OrderBy(p => p.Key));
    }

    [Fact]
    public void EveryOptionIsDescribedWithItsKernelVersion()
    {
        Assert.All(SctpOptionCatalog.All, d =>
        {
            Assert.Matches("^(SCTP|SO)_[A-Z0-9_]+$", d.KernelOption);
            Assert.Matches(@"^\d+\.\d+(\.\d+)?$", d.AddedIn);
            Assert.False(string.IsNullOrWhiteSpace(d.Description));
            Assert.EndsWith(".", d.Description);
        });
    }

    [Theory]
    [InlineData("rtoinitialms", "RtoInitialMs")]
    [InlineData("NODELAY", "NoDelay")]
    public void NamesAreFoundWithoutRegardToCase(string asked, string found) =>
        Assert.Equal(found, SctpOptionCatalog.Find(asked)?.Name);

    [Fact]
    public void AnUnknownOrReadOnlyOptionIsRefusedBeforeTheKernelIsAsked()
    {
        // No socket is needed: the check comes first, so this runs on a host without SCTP too.
        Assert.Null(SctpOptionCatalog.Find("NoSuchOption"));
        Assert.False(SctpOptionCatalog.Find("PeerReceiveWindow")!.Settable);
        Assert.False(SctpOptionCatalog.Find("PrimaryPeerAddress")!.Settable);
    }
}
