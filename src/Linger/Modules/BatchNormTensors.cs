using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Registers a float BatchNorm2d's parameters and statistics on the module that takes its place, under
/// the BN's own names (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>): same tensor objects, same state-dict keys, so checkpoints and
/// optimizers keep working across the replacement.
/// </summary>
internal static class BatchNormTensors
{
    public static void RegisterOn(nn.Module owner, Parameter? weight, Parameter? bias, Tensor runningMean, Tensor runningVar, Tensor? numBatchesTracked)
    {
        if (weight is not null) owner.register_parameter("weight", weight);
        if (bias is not null) owner.register_parameter("bias", bias);
        owner.register_buffer("running_mean", runningMean);
        owner.register_buffer("running_var", runningVar);
        if (numBatchesTracked is not null) owner.register_buffer("num_batches_tracked", numBatchesTracked);
    }

    public static void RegisterOn(nn.Module owner, BatchNorm bn)
        => RegisterOn(owner, bn.weight, bn.bias, bn.running_mean!, bn.running_var!, bn.num_batches_tracked);
}
