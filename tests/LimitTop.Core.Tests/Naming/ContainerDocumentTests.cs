using LimitTop.Core.Export;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

public sealed class ContainerDocumentTests
{
    [Fact]
    public void Containers_get_a_document_and_labels_and_units_get_null_and_empty_labels()
    {
        var namer = Namer(Committed);
        var k8s = namer.Name("/kubepods/burstable/pod" + Pod + "/" + C1);
        Assert.Equal(new ContainerDocument("containerd", C1, "web", "web-7f9c", "default", "default/web-7f9c · web (containerd)"), ContainerDocument.From(k8s));
        Assert.Equal(new ContainerLabels("web", "web-7f9c", "default"), ContainerLabels.From(k8s));
        Assert.Equal(new ContainerLabels("ltc1", "", ""), ContainerLabels.From(namer.Name("/libpod_parent/libpod-" + P1)));
        string unknown = string.Concat(Enumerable.Repeat("ab", 32));
        Assert.Equal("abababababab", ContainerLabels.From(namer.Name("/docker/" + unknown)).Container);

        var unit = namer.Name("/system.slice/nginx.service");
        Assert.Null(ContainerDocument.From(unit));
        Assert.Equal(new ContainerLabels("", "", ""), ContainerLabels.From(unit));
        Assert.Null(ContainerDocument.From(null));
    }
}
