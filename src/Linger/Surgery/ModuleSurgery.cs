using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Surgery;

/// <summary>
/// Replaces a child module in its parent, in place: TorchSharp keeps children in a registry
/// (<c>_internal_submodules</c>, which names state-dict keys) and, separately, in the parent's C#
/// fields (which <c>forward</c> calls), or in the private lists of Sequential/ModuleList/ModuleDict.
/// Both must change, and the registry entry must keep its position so state-dict order is unchanged
/// (torchsharp-notes Q2). <see cref="Check"/> finds every reason a replacement cannot happen before
/// anything is changed, so a failed Init leaves the model as it was.
/// </summary>
internal static class ModuleSurgery
{
    // A replaced TorchSharp module shares its parameter and buffer tensors with its replacement; when
    // the garbage collector finalizes it, TorchSharp disposes those tensors ("Tensor invalid -- empty
    // handle" later, at random). Each replacement therefore keeps the module it replaced alive.
    // A module can take part in several replacements (Init, then the temporary watchers of Constrain and
    // Export that are swapped in and out again): every module it ever replaced is kept, never overwritten.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<nn.Module, List<nn.Module>> s_replaced = new();

    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>Why <paramref name="replacement"/> cannot take <paramref name="old"/>'s place in <paramref name="parent"/>, or null.</summary>
    public static string? Check(nn.Module parent, string path, nn.Module old, nn.Module replacement)
    {
        switch (parent)
        {
            case Sequential:
                return null;
            case var _ when IsGeneric(parent, typeof(ModuleList<>)) || IsGeneric(parent, typeof(ModuleDict<>)):
                var t = parent.GetType().GetGenericArguments()[0];
                return t.IsInstanceOfType(replacement) ? null
                    : $"'{path}' sits in a {Friendly(parent.GetType())} whose element type {Friendly(t)} cannot hold a {replacement.GetType().Name}; declare it as ModuleList<Module<Tensor, Tensor>>.";
        }
        foreach (var f in FieldsReferencing(parent, old))
        {
            if (!f.FieldType.IsInstanceOfType(replacement))
                return $"field '{FieldName(f)}' of {Friendly(parent.GetType())} (module '{path}') is declared as {Friendly(f.FieldType)}, which cannot hold the quantized {replacement.GetType().Name}. " +
                       $"Declare it as Module<Tensor, Tensor> (TorchSharp's {Friendly(old.GetType())} is sealed).";
        }
        return null;
    }

    /// <summary>Puts <paramref name="replacement"/> where <paramref name="old"/> was (registry, fields, container lists).</summary>
    public static void Replace(nn.Module parent, string name, nn.Module old, nn.Module replacement)
    {
        if (parent is Sequential)
        {
            var list = (System.Collections.IList)typeof(Sequential).GetField("_modules", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(parent)!;
            for (int i = 0; i < list.Count; i++)
                if (ReferenceEquals(list[i], old)) list[i] = replacement;
        }
        else if (IsGeneric(parent, typeof(ModuleList<>)))
        {
            var list = (System.Collections.IList)FindField(parent.GetType(), "_list").GetValue(parent)!;
            for (int i = 0; i < list.Count; i++)
                if (ReferenceEquals(list[i], old)) list[i] = replacement;
        }
        else if (IsGeneric(parent, typeof(ModuleDict<>)))
        {
            var type = parent.GetType();
            var list = (System.Collections.IList)FindField(type, "_list").GetValue(parent)!;
            var tupleType = list.GetType().GetGenericArguments()[0];
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i]!;
                var key = (string)tupleType.GetField("Item1")!.GetValue(item)!;
                if (ReferenceEquals(tupleType.GetField("Item2")!.GetValue(item), old))
                    list[i] = Activator.CreateInstance(tupleType, key, replacement);
            }
            var dict = (System.Collections.IDictionary)FindField(type, "_dict").GetValue(parent)!;
            foreach (var key in dict.Keys.Cast<object>().ToList())
                if (ReferenceEquals(dict[key], old)) dict[key] = replacement;
        }
        foreach (var f in FieldsReferencing(parent, old)) f.SetValue(parent, replacement);
        lock (s_replaced) s_replaced.GetOrCreateValue(replacement).Add(old);

        var registry = typeof(nn.Module).GetField("_internal_submodules", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(parent)!;
        var indexer = registry.GetType().GetProperty("Item", new[] { typeof(string) })!;
        indexer.SetValue(registry, replacement, new object[] { name });
    }

    private static IEnumerable<FieldInfo> FieldsReferencing(nn.Module parent, nn.Module old)
    {
        for (var t = parent.GetType(); t is not null && t != typeof(nn.Module) && t != typeof(object); t = t.BaseType)
        {
            if (t.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true) continue;
            foreach (var f in t.GetFields(InstanceFields))
                if (!f.FieldType.IsValueType && ReferenceEquals(f.GetValue(parent), old)) yield return f;
        }
    }

    private static FieldInfo FindField(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic) is { } f) return f;
        throw new MissingFieldException(type.FullName, name);
    }

    private static bool IsGeneric(object o, Type open)
    {
        for (var t = o.GetType(); t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == open) return true;
        return false;
    }

    private static string FieldName(FieldInfo f)
        => f.Name.StartsWith('<') && f.Name.Contains(">k__BackingField", StringComparison.Ordinal) ? f.Name[1..f.Name.IndexOf('>')] : f.Name;

    internal static string Friendly(Type t)
    {
        if (!t.IsGenericType) return t.Name;
        var name = t.Name[..t.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(Friendly))}>";
    }
}
