namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// Op modules for the operations that have no TorchSharp module: use them in a model's forward
    /// instead of <c>x + y</c> or <c>torch.cat</c>, so Init can quantize them (a C# port cannot
    /// intercept tensor operators the way linger patches PyTorch).
    /// </summary>
    public static class Nn
    {
        /// <summary>Elementwise add; iqAdd after Init.</summary>
        public static LingerNet.Nn.Add Add(string name = "add") => new(name);

        /// <summary>Concatenation along <paramref name="dim"/>; iqCat after Init.</summary>
        public static LingerNet.Nn.Cat Cat(long dim = 1, string name = "cat") => new(dim, name);

        /// <summary>Softmax along <paramref name="dim"/>; SoftmaxInt after Init (follows linger, no chip measurement).</summary>
        public static LingerNet.Nn.Softmax Softmax(long dim, string name = "softmax") => new(dim, name);

        /// <summary>Log-softmax along <paramref name="dim"/>; LogSoftmaxInt after Init (linger's formula, not chip-verified).</summary>
        public static LingerNet.Nn.LogSoftmax LogSoftmax(long dim, string name = "log_softmax") => new(dim, name);
    }
}
