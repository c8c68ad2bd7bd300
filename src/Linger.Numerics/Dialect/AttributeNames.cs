namespace LingerNet.Numerics.Dialect;

/// <summary>
/// Attribute names of the thinker dialect (linger-spec §6.1–§6.3). Scales are float attributes
/// holding 2^n (read with <see cref="Pow2Scale.FromValue"/>); bits are ints; geometry lists are ints.
/// </summary>
public static class AttributeNames
{
    /// <summary><c>scale_x</c>: scale of the (first) input, float 2^q_x.</summary>
    public const string ScaleX = "scale_x";
    /// <summary><c>scale_y</c>: scale of the second input (iqAdd, iqMul, BmmInt...).</summary>
    public const string ScaleY = "scale_y";
    /// <summary><c>scale_w</c>: scale of the weight (Conv/Linear/BN alpha).</summary>
    public const string ScaleW = "scale_w";
    /// <summary><c>scale_o</c>: scale of the output; absent on Conv/Linear/BN means float output.</summary>
    public const string ScaleO = "scale_o";
    /// <summary><c>scale_i</c>: RNN input scale.</summary>
    public const string ScaleI = "scale_i";
    /// <summary><c>scale_h</c>: RNN hidden scale.</summary>
    public const string ScaleH = "scale_h";
    /// <summary><c>scale_iw</c>: RNN input-weight scale.</summary>
    public const string ScaleIw = "scale_iw";
    /// <summary><c>scale_hw</c>: RNN hidden-weight scale.</summary>
    public const string ScaleHw = "scale_hw";
    /// <summary>Prefix of the per-input scales of iqCat: <c>scale_x_0</c>, <c>scale_x_1</c>, ...</summary>
    public const string ScaleXPrefix = "scale_x_";

    /// <summary>The per-input scale name of iqCat input <paramref name="index"/>: <c>scale_x_{index}</c>.</summary>
    public static string ScaleXAt(int index) => ScaleXPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>data_bits</c>: activation bits of the input.</summary>
    public const string DataBits = "data_bits";
    /// <summary><c>parameter_bits</c>: weight bits.</summary>
    public const string ParameterBits = "parameter_bits";
    /// <summary><c>o_bits</c>: output bits; absent means float output.</summary>
    public const string OBits = "o_bits";
    /// <summary><c>platform_quant</c>: rounding family, always <see cref="AttributeValues.LunaQuant"/> (never read by the chip).</summary>
    public const string PlatformQuant = "platform_quant";
    /// <summary><c>platform</c>: venus/arcs/venusA/mars.</summary>
    public const string Platform = "platform";
    /// <summary><c>castor_mode</c>: <see cref="AttributeValues.CastorModeLuna"/> on Conv2dInt, iqSigmoid, iqTanh, iqVar.</summary>
    public const string CastorMode = "castor_mode";
    /// <summary><c>mode</c>: <see cref="AttributeValues.NonT710Mode"/> on iqAdd; <c>"constant"</c> on iqPad.</summary>
    public const string Mode = "mode";

    /// <summary><c>kernel_shape</c>: ints [kh, kw].</summary>
    public const string KernelShape = "kernel_shape";
    /// <summary><c>strides</c>: ints [sh, sw].</summary>
    public const string Strides = "strides";
    /// <summary><c>pads</c>: ints [top, left, bottom, right] (ONNX order).</summary>
    public const string Pads = "pads";
    /// <summary><c>dilations</c>: ints [dh, dw].</summary>
    public const string Dilations = "dilations";
    /// <summary><c>group</c>: int, number of convolution groups.</summary>
    public const string Group = "group";
    /// <summary><c>ceil_mode</c>: int; ignored by the packer (floor output shapes).</summary>
    public const string CeilMode = "ceil_mode";
    /// <summary><c>output_padding</c>: ConvTranspose2dInt.</summary>
    public const string OutputPadding = "output_padding";
    /// <summary><c>dim</c>: concatenation / reduction axis of iqCat, SoftmaxInt, iqVar (negative allowed).</summary>
    public const string Dim = "dim";
    /// <summary><c>dims</c>: iqSum reduction dims.</summary>
    public const string Dims = "dims";
    /// <summary><c>axis</c>: standard ONNX axis (Flatten, Concat, Gather...).</summary>
    public const string Axis = "axis";
    /// <summary><c>unbiased</c>: iqVar.</summary>
    public const string Unbiased = "unbiased";
    /// <summary><c>groups</c>: ShuffleChannel.</summary>
    public const string Groups = "groups";
    /// <summary><c>min</c>: iqClamp lower bound.</summary>
    public const string Min = "min";
    /// <summary><c>max</c>: iqClamp upper bound.</summary>
    public const string Max = "max";
    /// <summary><c>value</c>: the tensor of a Constant node.</summary>
    public const string Value = "value";
    /// <summary><c>allowzero</c>: standard Reshape.</summary>
    public const string AllowZero = "allowzero";

    /// <summary>RNN <c>input_size</c>.</summary>
    public const string InputSize = "input_size";
    /// <summary>RNN <c>hidden_size</c>.</summary>
    public const string HiddenSize = "hidden_size";
    /// <summary>RNN <c>num_layers</c>.</summary>
    public const string NumLayers = "num_layers";
    /// <summary>RNN <c>batch_first</c>.</summary>
    public const string BatchFirst = "batch_first";
    /// <summary>RNN <c>go_forward</c>.</summary>
    public const string GoForward = "go_forward";
    /// <summary>RNN <c>dropout</c>.</summary>
    public const string Dropout = "dropout";
    /// <summary>GRU <c>gru_formula</c> (Linger.NET): <c>"chip"</c> = the venus chip's hidden-state update at any q_o; absent = linger's.</summary>
    public const string GruFormula = "gru_formula";
}
