namespace LingerNet.Nn;

/// <summary>Marker for op modules whose integer form is an ONNX node of the thinker dialect.</summary>
internal interface IQuantizedOp
{
}
