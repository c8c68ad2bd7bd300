using LingerNet.Quantization;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>Asserting that Linger refuses a model, and reading what it said.</summary>
internal static class Refusals
{
    /// <summary>The message of the <see cref="LingerException"/> that <c>Linger.Init</c> must throw for <paramref name="m"/>.</summary>
    public static string InitFails(nn.Module m, LingerOptions? options = null)
        => Assert.Throws<LingerException>(() => Linger.Init(m, options)).Message;
}
