using LingerNet.Constraint;
using LingerNet.Nn;
using LingerNet.Quantization;
using LingerNet.Surgery;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// Watches every leaf module during the export forward, so that export errors can name modules: the
/// module whose call failed (a sample of the wrong shape makes libtorch throw deep inside), and the
/// module that produced a tensor Linger cannot place in the graph (a module kept in float, or code in a
/// parent's forward). Leaves are swapped for a pass-through wrapper (as <see cref="ForwardRecorder"/>
/// does) for the duration of the run and restored afterwards, whatever happens.
/// </summary>
internal sealed class ExportRecorder : IDisposable
{
    private readonly Dictionary<nn.Module, string> _paths;
    private readonly List<(nn.Module Parent, string Name, nn.Module Inner, nn.Module Wrapper)> _swapped = new();
    private readonly List<Action> _hooks = new();
    private readonly Dictionary<Tensor, nn.Module> _producers = new(ReferenceEqualityComparer.Instance);

    public ExportRecorder(nn.Module root, Dictionary<nn.Module, string> paths)
    {
        _paths = paths;
        var all = new List<nn.Module> { root };
        all.AddRange(root.modules());
        foreach (var parent in all)
        {
            foreach (var (name, child) in parent.named_children().ToList())
            {
                if (child.children().Any() || child is Watched) continue;
                switch (child)
                {
                    case nn.Module<Tensor, Tensor> single:
                        var wrapper = new Watched(single, this);
                        if (ModuleSurgery.Check(parent, name, child, wrapper) is null)
                        {
                            ModuleSurgery.Replace(parent, name, child, wrapper);
                            _swapped.Add((parent, name, child, wrapper));
                        }
                        else
                        {
                            wrapper.Dispose();
                            _hooks.Add(single.register_forward_hook((m, x, y) => { Produced(m, y); return y; }).remove);
                        }
                        break;
                    case nn.Module<Tensor, Tensor, Tensor> pair:
                        _hooks.Add(pair.register_forward_hook((m, a, b, y) => { Produced(m, y); return y; }).remove);
                        break;
                    case nn.Module<Tensor[], Tensor> list:
                        _hooks.Add(list.register_forward_hook((m, xs, y) => { Produced(m, y); return y; }).remove);
                        break;
                }
            }
        }
    }

    /// <summary>What produced <paramref name="t"/>, for an export error; null when no module did.</summary>
    public string? DescribeProducer(Tensor t)
    {
        if (!_producers.TryGetValue(t, out var m)) return null;
        string path = _paths.TryGetValue(m, out var p) && p.Length > 0 ? p : m.GetName();
        bool linger = m is IQuantizedModule || m is ILingerOp { IsQuantized: true };
        return linger
            ? $"it was produced by module '{path}' ({m.GetType().Name}), which has no node in the graph"
            : $"it was produced by module '{path}' ({m.GetType().Name}), which is kept in float" +
              (Linger.IsQuantDisabled(m) ? " by Linger.DisableQuant" : "") +
              " and has no integer form or float kernel in the runtime; quantize it, or move it out of the exported graph";
    }

    private void Produced(nn.Module m, Tensor y) => _producers[y] = m;

    public void Dispose()
    {
        foreach (var remove in _hooks) remove();
        for (int i = _swapped.Count - 1; i >= 0; i--) ModuleSurgery.Replace(_swapped[i].Parent, _swapped[i].Name, _swapped[i].Wrapper, _swapped[i].Inner);
        foreach (var (_, _, _, wrapper) in _swapped) wrapper.Dispose();
    }

    /// <summary>The stand-in: calls the module, names it when the call fails, and remembers what it produced.</summary>
    private sealed class Watched : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _inner;
        private readonly ExportRecorder _recorder;

        public Watched(nn.Module<Tensor, Tensor> inner, ExportRecorder recorder) : base(inner.GetName())
        {
            _inner = inner;
            _recorder = recorder;
        }

        public override Tensor forward(Tensor input)
        {
            Tensor y;
            try
            {
                y = _inner.call(input);
            }
            catch (Exception e) when (e is not LingerException)
            {
                string path = _recorder._paths.TryGetValue(_inner, out var p) && p.Length > 0 ? p : _inner.GetName();
                throw new LingerException(
                    $"Linger.Export: the sample does not run through the model: module '{path}' ({_inner.GetType().Name}) failed on an input of shape " +
                    $"[{string.Join(", ", input.shape)}] ({input.dtype}): {FirstLine(e.Message)}", e);
            }
            _recorder.Produced(_inner, y);
            return y;
        }

        private static string FirstLine(string s) => s.Split('\n')[0].Trim();
    }
}
