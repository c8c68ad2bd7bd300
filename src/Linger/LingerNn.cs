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

        /// <summary>Batched matrix product of 3-D tensors (torch.bmm); BmmInt after Init.</summary>
        public static LingerNet.Nn.Bmm Bmm(string name = "bmm") => new(name);

        /// <summary>Matrix product (torch.matmul, at least 2-D operands); BmmInt arithmetic after Init, exported as BmmInt for 2-D and equal-batch 3-D products.</summary>
        public static LingerNet.Nn.MatMul MatMul(string name = "matmul") => new(name);

        /// <summary>Requantizes a quantized tensor to <paramref name="outBits"/> (8/16/32) bits; <paramref name="exponentChange"/> null uses linger's rule (8→16: +8).</summary>
        public static LingerNet.Nn.Requant Requant(int outBits, int? exponentChange = null, string name = "requant") => new(outBits, exponentChange, name);
    }
}
