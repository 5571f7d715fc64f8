using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;
using LimitTop.Core.Tests.Sampling;

namespace LimitTop.Core.Tests.Naming;

/// <summary>The ids and roots of Fixtures/containers (see its make-containers.sh).</summary>
internal static class NamerFixture
{
    public static readonly string D1 = string.Concat(Enumerable.Repeat("d1", 32));
    public const string P1 = "4d6e4fb6fb70efb254a0fa0db2ce95b1260fbfe04c33c9ca2b049591889d3457";
    public static readonly string P2 = string.Concat(Enumerable.Repeat("b2", 32));
    public static readonly string C1 = string.Concat(Enumerable.Repeat("c1", 32));
    public static readonly string S1 = string.Concat(Enumerable.Repeat("5a", 32));
    public static readonly string R1 = string.Concat(Enumerable.Repeat("e1", 32));
    public const string Pod = "0a1b2c3d-1111-2222-3333-444455556666";
    public const string CrioPod = "9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff";

    public static string Dir(string tree) => tree;

    public static ProcRoot Root(string tree) => new(Path.Combine(tree, "proc"), Path.Combine(tree, "sys"), Path.Combine(tree, "etc"));

    public static CgroupNamer Namer(string tree, Func<long>? clock = null, int capacity = CgroupNamer.DefaultCapacity)
        => new(Root(tree), StateRoots.Under(tree), clock, capacity);

    public static string Committed => FixtureTree.PathOf("containers");
}
