using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>Temporary stand-in for a leaf module while <see cref="ForwardRecorder"/> runs: calls it and records input and output.</summary>
internal sealed class RecordingModule : nn.Module<Tensor, Tensor>
{
    private readonly ForwardRecorder _recorder;

    public RecordingModule(nn.Module<Tensor, Tensor> inner, ForwardRecorder recorder) : base(inner.GetName())
    {
        Inner = inner;
        _recorder = recorder;
    }

    public nn.Module<Tensor, Tensor> Inner { get; }

    public override Tensor forward(Tensor input)
    {
        var y = Inner.call(input);
        _recorder.Record(Inner, new[] { input }, y);
        return y;
    }
}
