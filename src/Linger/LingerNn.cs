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

        /// <summary>Sigmoid; Requant + iqSigmoid after Init (Init also replaces <c>nn.Sigmoid</c> with it).</summary>
        public static LingerNet.Nn.Sigmoid Sigmoid(string name = "sigmoid") => new(name);

        /// <summary>Tanh; Requant + iqTanh after Init (Init also replaces <c>nn.Tanh</c> with it).</summary>
        public static LingerNet.Nn.Tanh Tanh(string name = "tanh") => new(name);
    }
}
