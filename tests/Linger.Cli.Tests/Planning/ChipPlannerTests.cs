using LingerNet.Cli.Planning;
using Xunit;

namespace LingerNet.Cli.Tests.Planning;

public class ChipPlannerTests
{
    private static PlanValue V(string name, int bytes, bool constant = false, int? q = null, params int[] shape) => new(name, shape, bytes, constant, q);

    private static PlanNode N(string name, string op, string[] inputs, string[] outputs, params (string, object)[] attrs) =>
        new(name, op, inputs, outputs, attrs.ToDictionary(a => a.Item1, a => a.Item2));

    private static PlanGraph Graph(PlanNode[] nodes, PlanValue[] values, string[] inputs, string[] outputs) =>
        new("test", nodes, values.ToDictionary(v => v.Name), inputs, outputs);

    [Fact]
    public void EngineWorkspace_RecurrentAndNormOps_UseWhatTheEngineWrites()
    {
        var g = Graph([], [
            V("x", 1, false, 5, 1, 10, 32), V("wih", 1, true, null, 192, 32), V("whh", 1, true, null, 192, 64),
            V("lwih", 1, true, null, 256, 32), V("lwhh", 1, true, null, 256, 64),
            V("gamma", 1, true, null, 32), V("img", 1, false, 4, 1, 8, 6, 5),
        ], ["x"], []);
        Func<string, bool> sram = _ => false;
        Assert.Equal(24 * 64, OpCosts.EngineWorkspace(N("gru", "GRUInt", ["x", "wih", "whh"], ["h"], ("hidden_size", 64L)), g, sram).Bytes);
        Assert.Equal(40 * 64, OpCosts.EngineWorkspace(N("lstm", "LSTMInt", ["x", "lwih", "lwhh"], ["h"]), g, sram).Bytes);
        Assert.Equal(8 * 32, OpCosts.EngineWorkspace(N("ln", "LayerNormInt", ["x", "gamma"], ["y"]), g, sram).Bytes);
        Assert.Equal(6 * 5 * 4, OpCosts.EngineWorkspace(N("bn", "BatchNorm2dInt", ["img"], ["y"]), g, sram).Bytes);
        // GRU MACs: per row (10 steps), (3H)·(I + H).
        Assert.Equal(10L * 192 * (32 + 64), OpCosts.Macs(N("gru", "GRUInt", ["x", "wih", "whh"], ["h"]), g));
    }

    [Fact]
    public void Plan_Chain_ReusesBuffersWhoseLifetimesEnded()
    {
        // a → b → c → d, each 100,000 bytes: at most two are live at once, so two blocks suffice.
        var values = new[] { "a", "b", "c", "d" }.Select(n => V(n, 1, false, 4, 100_000)).ToArray();
        var nodes = new[]
        {
            N("r1", "Relu", ["a"], ["b"]), N("r2", "Relu", ["b"], ["c"]), N("r3", "Relu", ["c"], ["d"]),
        };
        var plan = ChipPlanner.Plan(Graph(nodes, values, ["a"], ["d"]), new PlanOptions());
        var sram = plan.Usage(MemoryKind.Sram);
        Assert.Equal(200_000, sram.PeakLive);
        Assert.Equal(200_000, sram.Pool);
        Assert.True(plan.Fits);
        var offsets = plan.Tensors.Where(t => t.Kind == "activation").ToDictionary(t => t.Name, t => t.Offset);
        Assert.NotEqual(offsets["a"], offsets["b"]);
        Assert.Equal(offsets["a"], offsets["c"]);
    }

    [Fact]
    public void Plan_UnsupportedOrBrokenOp_IsAViolation()
    {
        var values = new[] { V("a", 1, false, 4, 1, 4, 8, 8), V("b", 1, false, 4, 1, 4, 8, 8), V("c", 1, false, 4, 1, 4, 8, 8) };
        var plan = ChipPlanner.Plan(Graph([N("sub", "iqSub", ["a", "b"], ["c"])], values, ["a", "b"], ["c"]), new PlanOptions());
        Assert.False(plan.Fits);
        Assert.Contains(plan.Violations, v => v.Node == "sub" && v.Problem.Contains("minuend"));
    }
}
