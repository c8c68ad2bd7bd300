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

        /// <summary>Sigmoid; Requant + iqSigmoid after Init (Init also replaces <c>nn.Sigmoid</c> with it).</summary>
        public static LingerNet.Nn.Sigmoid Sigmoid(string name = "sigmoid") => new(name);

        /// <summary>Tanh; Requant + iqTanh after Init (Init also replaces <c>nn.Tanh</c> with it).</summary>
        public static LingerNet.Nn.Tanh Tanh(string name = "tanh") => new(name);

        /// <summary>Elementwise product (same shapes, or [N,C,H,W] × [N,C,1,1]); iqMul after Init.</summary>
        public static LingerNet.Nn.Mul Mul(string name = "mul") => new(name);

        /// <summary>Product with a constant; iqMul with an int8 constant after Init.</summary>
        public static LingerNet.Nn.MulScalar MulScalar(double factor, string name = "mul_scalar") => new(factor, name);

        /// <summary>Sum with a constant; iqAdd with an int8 constant after Init.</summary>
        public static LingerNet.Nn.AddScalar AddScalar(double value, string name = "add_scalar") => new(value, name);

        /// <summary>Elementwise difference; iqSub after Init (refused for venus: the chip computes it wrongly).</summary>
        public static LingerNet.Nn.Sub Sub(string name = "sub") => new(name);

        /// <summary>Elementwise quotient; iqDiv after Init (refused for venus: the chip computes it wrongly).</summary>
        public static LingerNet.Nn.Div Div(string name = "div") => new(name);

        /// <summary>Elementwise maximum; iqMax after Init.</summary>
        public static LingerNet.Nn.Max Max(string name = "max") => new(name);

        /// <summary>Clamp to chip bounds (max = 127/2^n, min 0 or −128/2^n); iqClamp after Init.</summary>
        public static LingerNet.Nn.Clamp Clamp(double min, double max, string name = "clamp") => new(min, max, name);

        /// <summary>Sum over dims; iqSum after Init (refused for venus: the chip computes it wrongly).</summary>
        public static LingerNet.Nn.Sum Sum(long[] dims, bool keepDim = false, string name = "sum") => new(dims, keepDim, name);

        /// <summary>Variance along a dim; iqVar after Init (refused for venus: the chip computes it wrongly).</summary>
        public static LingerNet.Nn.Var Var(long dim, bool unbiased = true, bool keepDim = false, string name = "var") => new(dim, unbiased, keepDim, name);

        /// <summary>torch's F.pad (constant; reflect/replicate for the generic target only); iqPad after Init.</summary>
        public static LingerNet.Nn.Pad Pad(long[] padding, string mode = "constant", double value = 0, string name = "pad") => new(padding, mode, value, name);

        /// <summary>Channel shuffle with <paramref name="groups"/> groups; thinker ShuffleChannel.</summary>
        public static LingerNet.Nn.ShuffleChannel ShuffleChannel(long groups, string name = "shuffle") => new(groups, name);

        /// <summary><c>x.reshape(shape)</c>; a Reshape node on the int8 data.</summary>
        public static LingerNet.Nn.Reshape Reshape(long[] shape, string name = "reshape") => new(shape, name);

        /// <summary><c>x.view(shape)</c> (the same op as <see cref="Reshape"/>).</summary>
        public static LingerNet.Nn.Reshape View(long[] shape, string name = "view") => new(shape, name);

        /// <summary><c>x.permute(dims)</c>; a Transpose node.</summary>
        public static LingerNet.Nn.Permute Permute(long[] dims, string name = "permute") => new(dims, name);

        /// <summary><c>x.transpose(a, b)</c>; a Transpose node.</summary>
        public static LingerNet.Nn.Permute Transpose(long a, long b, string name = "transpose") => new(a, b, name);

        /// <summary><c>x.squeeze(dim)</c> (all size-1 dims when null); a Reshape node.</summary>
        public static LingerNet.Nn.Squeeze Squeeze(long? dim = null, string name = "squeeze") => new(dim, name);

        /// <summary><c>x.unsqueeze(dim)</c>; a Reshape node.</summary>
        public static LingerNet.Nn.Unsqueeze Unsqueeze(long dim, string name = "unsqueeze") => new(dim, name);

        /// <summary><c>x[..., start:end:step]</c> along <paramref name="dim"/>; a Slice node.</summary>
        public static LingerNet.Nn.Slice Slice(long dim, long start, long end, long step = 1, string name = "slice") => new(dim, start, end, step, name);

        /// <summary><c>x.narrow(dim, start, length)</c>; a Slice node.</summary>
        public static LingerNet.Nn.Slice Narrow(long dim, long start, long length, string name = "narrow") => new(dim, start, start + length, 1, name);

        /// <summary><c>x.select(dim, index)</c>; a Gather node.</summary>
        public static LingerNet.Nn.Select Select(long dim, long index, string name = "select") => new(dim, index, name);

        /// <summary><c>x.split(sizes, dim)</c>; one Split node with several outputs.</summary>
        public static LingerNet.Nn.Split Split(long[] sizes, long dim = 0, string name = "split") => new(sizes, dim, name);

        /// <summary><c>x.chunk(chunks, dim)</c>; one Split node with several outputs.</summary>
        public static LingerNet.Nn.Split Chunk(long chunks, long dim = 0, string name = "chunk") => new(chunks, dim, name);

        /// <summary>Softmax along <paramref name="dim"/>; SoftmaxInt after Init (follows linger, no chip measurement).</summary>
        public static LingerNet.Nn.Softmax Softmax(long dim, string name = "softmax") => new(dim, name);

        /// <summary>Log-softmax along <paramref name="dim"/>; LogSoftmaxInt after Init (linger's formula, not chip-verified).</summary>
        public static LingerNet.Nn.LogSoftmax LogSoftmax(long dim, string name = "log_softmax") => new(dim, name);
    }
}
