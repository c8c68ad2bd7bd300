using LingerNet.Modules;
using LingerNet.Tests.Support;
using LingerNet.Quantization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// Whole GRUInt/LSTMInt modules in training: the fast loop against the reference loop (the previous formulation) over
/// stacked, bidirectional, batch-first layers with lengths and initial states: outputs and every statistics buffer
/// bit-identical over several batches, parameter gradients equal up to float32 summation order.
/// </summary>
public class RecurrentTrainingPathTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void TrainForward_FastLoop_SameAsReferenceLoop(bool lstm, bool withLengthsAndState)
    {
        using var scope = NewDisposeScope();
        int t = 7, b = 5;
        long[]? lengths = withLengthsAndState ? [7, 3, 0, 5, 7] : null;
        var spec = new RnnSpec(lstm, Features: 6, InputSize: 12, Hidden: 20, BatchFirst: true, Bidirectional: true, Layers: 2, Lengths: lengths);
        var fast = Model(spec, reference: false);
        var reference = Model(spec, reference: true);
        random.manual_seed(7);
        for (int step = 0; step < 3; step++)
        {
            var x = randn(b, t, spec.Features) * 1.5f;
            var h0 = withLengthsAndState ? randn(spec.Nodes, b, spec.Hidden) * 0.4f : null;
            var c0 = withLengthsAndState && lstm ? randn(spec.Nodes, b, spec.Hidden) * 0.8f : null;
            var upstream = randn(b, t, 2 * spec.Hidden);
            var a = fast.Run(x, h0, c0);
            var r = reference.Run(x, h0, c0);
            Assert.True(TensorData.SameBits(a.Y, r.Y), $"output differs at step {step}");
            Assert.True(TensorData.SameBits(a.HN, r.HN), $"h_n differs at step {step}");
            if (lstm) Assert.True(TensorData.SameBits(a.CN!, r.CN!), $"c_n differs at step {step}");
            foreach (var (m, y) in new[] { (fast, a.Y), (reference, r.Y) })
            {
                m.zero_grad();
                (y * upstream).sum().backward();
            }
            var refParams = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in fast.named_parameters())
            {
                var expected = refParams[name].grad!;
                double scale = Math.Max(1.0, expected.abs().max().item<float>());
                double err = (p.grad! - expected).abs().max().item<float>();
                Assert.True(err <= 1e-4 * scale, $"gradient of {name} differs by {err} at step {step}");
            }
        }
        var refBuffers = reference.named_buffers().ToDictionary(p => p.name, p => p.buffer);
        foreach (var (name, buffer) in fast.named_buffers())
            Assert.True(TensorData.SameBits(buffer, refBuffers[name]), $"buffer {name} differs");
    }

    private static RnnNet Model(RnnSpec spec, bool reference)
    {
        random.manual_seed(3);
        var model = Linger.Init(new RnnNet(spec), new LingerOptions { CheckVenusLimits = false });
        if (model.gru is GRUInt g) g.Core.UseReferenceLoop = reference;
        if (model.lstm is LSTMInt l) l.Core.UseReferenceLoop = reference;
        model.train();
        return model;
    }
}
