using LingerNet.Samples;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Samples;

/// <summary>
/// The recurrent keyword-spotting nets keep their state-dict keys: checkpoints written by earlier builds (the files in
/// TestData, float and after Constrain + Init, width 4, 3 classes) load strictly and give the same logits.
/// </summary>
public class KwsRecurrentModelTests
{
    private const int Classes = 3, Width = 4;

    private static nn.Module<Tensor, Tensor> Create(string model) => KwsModelFactory.Create(model, Classes, Width);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static Tensor Features() => arange(98 * 40, dtype: ScalarType.Float32).reshape(1, 1, 98, 40).div(98 * 40 / 4f).sin();

    [Theory]
    [InlineData("gru", "squeeze,toChannels,conv1,bn1,relu1,toTime,gru,last,fc")]
    [InlineData("lstm", "squeeze,toChannels,conv1,bn1,relu1,toTime,lstm,last,fc")]
    public void Children_RegisteredUnderTheFieldNamesInOrder(string model, string children)
    {
        using var scope = NewDisposeScope();
        using var net = Create(model);
        Assert.Equal(children.Split(','), net.named_children().Select(c => c.name));
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void FloatCheckpointOfEarlierBuild_LoadsStrictlyWithTheSameKeys(string model)
    {
        using var scope = NewDisposeScope();
        using var net = Create(model);
        Linger.LoadCheckpoint(net, Fixture($"kws-conv{model}-w4-float.model"));
        Assert.Equal(File.ReadAllLines(Fixture($"kws-conv{model}-w4-float.keys")), net.state_dict().Keys);
        net.eval();
        Assert.Equal(File.ReadAllLines(Fixture($"kws-conv{model}-w4-float.logits")).Select(float.Parse),
            net.call(Features()).data<float>().ToArray());
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void FreshWeights_SameSeed_SameAsTheEarlierBuild(string model)
    {
        // The fixtures were made from seed 11 and never stepped by an optimizer: their parameters are the fresh ones.
        using var scope = NewDisposeScope();
        using var saved = Create(model);
        Linger.LoadCheckpoint(saved, Fixture($"kws-conv{model}-w4-float.model"));
        random.manual_seed(11);
        using var fresh = Create(model);
        var expected = saved.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in fresh.named_parameters())
            Assert.True(p.equal(expected[name]).all().item<bool>(), $"{name} differs");
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void QatCheckpointOfEarlierBuild_LoadsStrictlyWithTheSameKeys(string model)
    {
        using var scope = NewDisposeScope();
        using var net = Create(model);
        Linger.Constrain(net, Features());
        Linger.Init(net);
        Linger.LoadCheckpoint(net, Fixture($"kws-conv{model}-w4-qat.model"));
        Assert.Equal(File.ReadAllLines(Fixture($"kws-conv{model}-w4-qat.keys")), net.state_dict().Keys);
    }
}
