using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>The measured unit of the training benchmarks: one optimizer step on a fixed batch, in its own dispose scope.</summary>
internal static class TrainingStep
{
    /// <summary>zero_grad, forward, cross-entropy against <paramref name="labels"/>, backward, step; returns the loss.</summary>
    public static float Run(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(input), labels);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
