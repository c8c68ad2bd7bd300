using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// The quantized matrix product shared by <see cref="Bmm"/> and <see cref="MatMul"/> (linger-spec §3.13): both
/// operands int8 (their own running statistics when they arrive in float), output int8 at a scale from the
/// running statistic never finer than 2^(q_x + q_y) (the chip cannot shift left). Training multiplies the
/// fake-quantized operands in float (straight-through); eval runs the Numerics kernel <see cref="BmmInt"/>,
/// the one the runtime runs, on every (broadcast) batch.
/// </summary>
internal static class IntegerMatMul
{
    private const int Bits = 8;

    public static Tensor Forward(nn.Module owner, ModuleQuantConfig config, Tensor x, Tensor y, Tensor runningX, Tensor runningY, Tensor runningO,
                                 bool training, Func<Tensor, Tensor, Tensor> floatOp)
    {
        string name = owner.GetName();
        if (config.DataBits != Bits || config.OutBits != Bits)
            throw new LingerException(
                $"Linger.Nn '{name}' ({owner.GetType().Name}): data bits {config.DataBits} and output bits {config.OutBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null (float)"} are not supported: " +
                "BmmInt takes and writes int8 (the chip writes nothing for 16/32-bit outputs). Use Linger.QuantModule(..., dataBits: 8, outBits: 8) or keep it float with Linger.DisableQuant.");
        if (x.dim() < 2 || y.dim() < 2)
            throw new LingerException($"Linger.Nn '{name}' ({owner.GetType().Name}): operands [{Shape(x)}] and [{Shape(y)}] must have at least 2 dims each once quantized (BmmInt multiplies matrices).");
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, runningX, Bits, training, name);
        var (fy, sy) = ActivationQuantizer.QuantizeInput(y, runningY, Bits, training, name);
        int accExponent = sx.Exponent + sy.Exponent;
        if (training)
            return ActivationQuantizer.QuantizeOutputTrain(floatOp(fx, fy), runningO, Bits, false, accExponent);
        using (no_grad())
        {
            var so = ActivationQuantizer.OutputScaleEval(runningO, Bits, accExponent, name);
            long m = fx.shape[^2], k = fx.shape[^1], n = fy.shape[^1];
            if (fy.shape[^2] != k)
                throw new LingerException($"Linger.Nn '{name}' ({owner.GetType().Name}): operands [{Shape(x)}] and [{Shape(y)}] do not multiply (inner sizes {k} and {fy.shape[^2]}).");
            long[] batch;
            try
            {
                batch = broadcast_shapes(fx.shape[..^2], fy.shape[..^2]).ToArray();
            }
            catch (Exception e) when (e is not LingerException)
            {
                throw new LingerException($"Linger.Nn '{name}' ({owner.GetType().Name}): the batch dims of [{Shape(x)}] and [{Shape(y)}] do not broadcast.");
            }
            long b = batch.Aggregate(1L, (p, d) => p * d);
            var xi = IntegerTensors.Int8(fx.expand([.. batch, m, k]).reshape(b, m, k), sx);
            var yi = IntegerTensors.Int8(fy.expand([.. batch, k, n]).reshape(b, k, n), sy);
            var z = new sbyte[b * m * n];
            BmmInt.Multiply(xi, sx.Exponent, yi, sy.Exponent, z, so.Exponent, checked((int)b), checked((int)m), checked((int)k), checked((int)n));
            var output = IntegerTensors.FromInt8(z, [.. batch, m, n], so);
            Export.ExportCapture.Current?.Record(owner, new Export.Handlers.BmmCall(x, sx, y, sy, so, output));
            return output;
        }
    }

    private static string Shape(Tensor t) => string.Join(", ", t.shape);
}
