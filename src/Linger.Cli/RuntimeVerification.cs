using LingerNet.Data;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Cli;

/// <summary>
/// Runs an exported model in the C# integer runtime, image by image, over a test set and compares every
/// output integer with the model's eval() output (linger's "binary consistency"). Both accuracies use
/// the same argmax (first maximum) on the integers. Also writes a small reference set for <c>linger verify</c>:
/// the first <see cref="ReferenceSamples"/> test images and their eval() integers, in the folder <c>reference/</c>
/// beside the ONNX file (format in docs/cli.md).
/// </summary>
internal static class RuntimeVerification
{
    /// <summary>How many test images go into the reference set.</summary>
    public const int ReferenceSamples = 16;

    /// <summary>The reference folder written next to <paramref name="onnxPath"/>.</summary>
    public static string ReferenceFolder(string onnxPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!, "reference");

    public static RuntimeCheck Verify(nn.Module<Tensor, Tensor> model, ImageDataset test, string onnxPath) => Verify(model, test, onnxPath, null);

    /// <summary>The run over the test set, writing the first <paramref name="referenceSamples"/> test images (all when larger) to the reference set.</summary>
    public static RuntimeCheck Verify(nn.Module<Tensor, Tensor> model, ImageDataset test, string onnxPath, int referenceSamples) =>
        Verify(model, test, onnxPath, null, referenceSamples);

    /// <summary>Runs the runtime over <paramref name="test"/>, reporting progress after each batch.</summary>
    /// <param name="model">The quantized model (eval() gives the reference integers).</param>
    /// <param name="test">The test set.</param>
    /// <param name="onnxPath">The exported file.</param>
    /// <param name="progress">Called after each batch with (samples done, samples in total), or null.</param>
    /// <param name="referenceSamples">How many test images (from the first) go into the reference set.</param>
    public static RuntimeCheck Verify(nn.Module<Tensor, Tensor> model, ImageDataset test, string onnxPath, Action<int, int>? progress,
        int referenceSamples = ReferenceSamples)
    {
        bool wasTraining = model.training;
        model.eval();
        using var runtimes = new ThreadLocal<LingerRuntime>(() => LingerRuntime.Load(onnxPath), trackAllValues: true);
        long exact = 0, total = 0, runtimeCorrect = 0, evalCorrect = 0;
        var predictions = new int[test.Count];
        try
        {
            const int batch = 256;
            for (long start = 0; start < test.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var (x, labels) = test.Slice(start, batch);
                var y = model.call(x);
                var scale = Linger.ScaleOf(y);
                int n = (int)y.shape[0], k = (int)y.shape[1];
                var evalInts = y.mul(Math.ScaleB(1.0, scale.Exponent)).to_type(ScalarType.Int64).data<long>().ToArray();
                var images = x.contiguous().data<float>().ToArray();
                var labelArray = labels.data<long>().ToArray();
                int per = images.Length / n;
                if (start < referenceSamples)
                    WriteReference(ReferenceFolder(onnxPath), (int)start, images, per, evalInts, k, (int)Math.Min(n, referenceSamples - start));
                var runtimeInts = new sbyte[n][];
                Parallel.For(0, n, i => runtimeInts[i] = runtimes.Value!.Run(images.AsSpan(i * per, per).ToArray()).Outputs[0].Int8!);
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < k; j++)
                        if (runtimeInts[i][j] == evalInts[i * k + j]) exact++;
                    total += k;
                    int predicted = ArgMax(runtimeInts[i].Select(v => (long)v).ToArray());
                    predictions[start + i] = predicted;
                    if (predicted == labelArray[i]) runtimeCorrect++;
                    if (ArgMax(evalInts.AsSpan(i * k, k).ToArray()) == labelArray[i]) evalCorrect++;
                }
                progress?.Invoke((int)Math.Min(test.Count, start + n), test.Count);
            }
        }
        finally
        {
            foreach (var rt in runtimes.Values) rt.Dispose();
            if (wasTraining) model.train();
        }
        return new RuntimeCheck(onnxPath, (double)runtimeCorrect / test.Count, (double)evalCorrect / test.Count, exact, total) { Predictions = predictions };
    }

    /// <summary>Writes samples first .. first + count − 1 of the reference set from one batch (its rows 0 .. count − 1).</summary>
    private static void WriteReference(string folder, int first, float[] images, int per, long[] evalInts, int k, int count)
    {
        try
        {
            Directory.CreateDirectory(folder);
            Parallel.For(0, count, i =>
            {
                Verification.ReferenceSet.WriteFloats(Verification.ReferenceSet.InputPath(folder, first + i), images.AsSpan(i * per, per));
                Verification.ReferenceSet.WriteIntegers(Verification.ReferenceSet.OutputPath(folder, first + i, 0, 1), evalInts.AsSpan(i * k, k).ToArray());
            });
        }
        catch (AggregateException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write the reference set to '{folder}': {e.InnerException.Message}", e.InnerException);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write the reference set to '{folder}': {e.Message}", e);
        }
    }

    private static int ArgMax(long[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
