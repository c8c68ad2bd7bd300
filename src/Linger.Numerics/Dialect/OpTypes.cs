namespace LingerNet.Numerics.Dialect;

/// <summary>
/// Op type names of the thinker dialect (linger-spec §6.3, thinker-spec §1.1), spelled exactly as
/// they appear in <c>NodeProto.op_type</c>. Thinker-domain ops first, then the standard ONNX ops
/// that carry int8 tensors in a linger graph.
/// </summary>
public static class OpTypes
{
    // ---- thinker domain: quantization boundaries ----
    /// <summary><c>Quant</c>: float → int8, <c>SAT8(floorf(x·2^q + 0.5))</c>. Attrs data_bits, scale_x, platform_quant.</summary>
    public const string Quant = "Quant";
    /// <summary><c>Dequant</c>: int → float, <c>x·2^−q</c>. Attr scale_o.</summary>
    public const string Dequant = "Dequant";
    /// <summary><c>Requant</c>: int → int at another scale/width. Attrs data_bits, scale_x, scale_o, o_bits.</summary>
    public const string Requant = "Requant";

    // ---- thinker domain: layers with weights ----
    /// <summary><c>Conv2dInt</c>: x int8, W int8 [OC, IC/g, kh, kw], optional b int32 [OC].</summary>
    public const string Conv2dInt = "Conv2dInt";
    /// <summary><c>Conv1dInt</c>.</summary>
    public const string Conv1dInt = "Conv1dInt";
    /// <summary><c>ConvTranspose2dInt</c>.</summary>
    public const string ConvTranspose2dInt = "ConvTranspose2dInt";
    /// <summary><c>LinearInt</c>: x int8 [.., N], W int8 [L, N], optional b int32 [L].</summary>
    public const string LinearInt = "LinearInt";
    /// <summary><c>BatchNorm2dInt</c>: x, alpha int8 [C], beta int32 [C], running_mean f32, running_var f32.</summary>
    public const string BatchNorm2dInt = "BatchNorm2dInt";
    /// <summary><c>LayerNormInt</c>.</summary>
    public const string LayerNormInt = "LayerNormInt";
    /// <summary><c>GRUInt</c>.</summary>
    public const string GruInt = "GRUInt";
    /// <summary><c>GRUInt_Is8_Is64</c>.</summary>
    public const string GruIntIs8Is64 = "GRUInt_Is8_Is64";
    /// <summary><c>GRUInt_Is8_Is64_If32</c>.</summary>
    public const string GruIntIs8Is64If32 = "GRUInt_Is8_Is64_If32";
    /// <summary><c>LSTMInt</c>.</summary>
    public const string LstmInt = "LSTMInt";
    /// <summary><c>BmmInt</c>.</summary>
    public const string BmmInt = "BmmInt";
    /// <summary><c>Gather</c> in the thinker domain (Embedding).</summary>
    public const string ThinkerGather = "Gather";

    // ---- thinker domain: pooling and activations ----
    /// <summary><c>AvgPool2dInt</c>: divisor kh·kw, chip division for non-power-of-two areas.</summary>
    public const string AvgPool2dInt = "AvgPool2dInt";
    /// <summary><c>iqSigmoid</c>: int16 Q11 in, int8 Q7 out.</summary>
    public const string IqSigmoid = "iqSigmoid";
    /// <summary><c>iqTanh</c>: int16 Q11 in, int8 Q7 out.</summary>
    public const string IqTanh = "iqTanh";
    /// <summary><c>SoftmaxInt</c>.</summary>
    public const string SoftmaxInt = "SoftmaxInt";
    /// <summary><c>LogSoftmaxInt</c>.</summary>
    public const string LogSoftmaxInt = "LogSoftmaxInt";
    /// <summary><c>GluInt</c>.</summary>
    public const string GluInt = "GluInt";

    // ---- thinker domain: elementwise and tensor ops ----
    /// <summary><c>iqAdd</c>: each operand rescaled to q_o, then a saturating add.</summary>
    public const string IqAdd = "iqAdd";
    /// <summary><c>iqSub</c>.</summary>
    public const string IqSub = "iqSub";
    /// <summary><c>iqMul</c>.</summary>
    public const string IqMul = "iqMul";
    /// <summary><c>iqDiv</c>.</summary>
    public const string IqDiv = "iqDiv";
    /// <summary><c>iqSum</c>.</summary>
    public const string IqSum = "iqSum";
    /// <summary><c>iqCat</c>: each input rescaled to q_o, then concatenated along <c>dim</c>.</summary>
    public const string IqCat = "iqCat";
    /// <summary><c>iqClamp</c>.</summary>
    public const string IqClamp = "iqClamp";
    /// <summary><c>iqVar</c>.</summary>
    public const string IqVar = "iqVar";
    /// <summary><c>iqMax</c>.</summary>
    public const string IqMax = "iqMax";
    /// <summary><c>iqPad</c>.</summary>
    public const string IqPad = "iqPad";
    /// <summary><c>ShuffleChannel</c>.</summary>
    public const string ShuffleChannel = "ShuffleChannel";

    // ---- standard ONNX ops used on int8 tensors ----
    /// <summary>Standard <c>Relu</c>.</summary>
    public const string Relu = "Relu";
    /// <summary>Standard <c>MaxPool</c> (padding never wins).</summary>
    public const string MaxPool = "MaxPool";
    /// <summary>Standard <c>Reshape</c> (shape from an int64 initializer or Constant).</summary>
    public const string Reshape = "Reshape";
    /// <summary>Standard <c>Flatten</c>.</summary>
    public const string Flatten = "Flatten";
    /// <summary>Standard <c>Identity</c>.</summary>
    public const string Identity = "Identity";
    /// <summary>Standard <c>Constant</c>.</summary>
    public const string Constant = "Constant";
    /// <summary>Standard <c>Clip</c> (ReLU6Int with int8 min/max inputs).</summary>
    public const string Clip = "Clip";
    /// <summary>Standard <c>Transpose</c>.</summary>
    public const string Transpose = "Transpose";
    /// <summary>Standard <c>Squeeze</c>.</summary>
    public const string Squeeze = "Squeeze";
    /// <summary>Standard <c>Unsqueeze</c>.</summary>
    public const string Unsqueeze = "Unsqueeze";
    /// <summary>Standard <c>Slice</c>.</summary>
    public const string Slice = "Slice";
    /// <summary>Standard <c>Split</c>.</summary>
    public const string Split = "Split";
    /// <summary>Standard <c>Concat</c> (float only in linger graphs).</summary>
    public const string Concat = "Concat";
    /// <summary>Standard <c>Gather</c>.</summary>
    public const string Gather = "Gather";
    /// <summary>Standard <c>Pad</c>.</summary>
    public const string Pad = "Pad";
}
