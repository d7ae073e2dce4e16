using SctpPS.Commands;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

public class ErrnoTests
{
    [Fact]
    public void MessageNamesErrnoAndNumber()
    {
        var e = new SctpException(Errno.EADDRINUSE, "bind");
        Assert.Equal("bind failed: Address already in use (EADDRINUSE, errno 98)", e.Message);
    }

    [Fact]
    public void UnnamedErrnoStillFormats() => Assert.Equal("errno 200", ((Errno)200).Name());

    [Fact]
    public void CatalogueErrorIdsAreUniqueAndQualified()
    {
        var ids = ErrorCatalog.All.Select(d => d.ErrorId).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ErrorCatalog.All.Where(d => d.Cmdlet != "*"), d => Assert.Contains('.', d.ErrorId));
        Assert.All(ErrorCatalog.All, d => Assert.False(string.IsNullOrWhiteSpace(d.When)));
    }

    [Fact]
    public void EnfileSharesTheEmfileDefinition()
    {
        Assert.Same(ErrorCatalog.NewSocketTooManyOpenFiles, ErrorCatalog.ForErrno("New-SctpSocket", Errno.ENFILE, ErrorCatalog.NewSocketFailed));
        Assert.Same(ErrorCatalog.NewSocketFailed, ErrorCatalog.ForErrno("New-SctpSocket", Errno.ENOBUFS, ErrorCatalog.NewSocketFailed));
    }
}
