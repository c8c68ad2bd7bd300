using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// THE single place where the quickstart touches the QAT library. On the <c>cli</c> branch the library
/// is not there yet, so these are float placeholders and the whole quickstart runs in float end to end.
/// When merging with main, wire:
/// <list type="bullet">
/// <item><see cref="Init"/> → <c>LingerNet.Linger.Init(model)</c></item>
/// <item><see cref="Add"/> → <c>LingerNet.Linger.Nn.Add()</c></item>
/// <item><see cref="Quantizes"/> → <c>true</c></item>
/// </list>
/// </summary>
internal static class QatHooks
{
    /// <summary>True once <see cref="Init"/> really quantizes (written into report.json as <c>qat_quantized</c>).</summary>
    public const bool Quantizes = false;

    /// <summary>Replaces the model's layers with quantized ones. PLACEHOLDER: returns the model unchanged.</summary>
    public static nn.Module<Tensor, Tensor> Init(nn.Module<Tensor, Tensor> model) => model;

    /// <summary>The residual add module. PLACEHOLDER: a float add.</summary>
    public static nn.Module<Tensor, Tensor, Tensor> Add() => new FloatAdd();
}
