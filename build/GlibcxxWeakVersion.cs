// MSBuild inline task (RoslynCodeTaskFactory): marks the ELF version requirement GLIBCXX_3.4.32 of
// libLibTorchSharp.so as weak when the system's libstdc++ does not provide that version.
// Layouts: ELF64 section header (64 bytes), Elf64_Verneed (16 bytes), Elf64_Vernaux (16 bytes).
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkGlibcxxRequirementWeak : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; }

    /// <summary>Patch even when this machine's libstdc++ has the version (output meant for other machines, e.g. a tool package).</summary>
    public bool Always { get; set; }

    public override bool Execute()
    {
        string provider = Always ? null : SystemLibstdcxxWithVersion();
        if (provider != null)
        {
            Log.LogMessage(MessageImportance.Low, "{0} provides {1}; libLibTorchSharp.so left as is.", provider, Version);
            return true;
        }
        foreach (var item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                string result = Patch(path);
                Log.LogMessage(MessageImportance.Normal, "libLibTorchSharp.so ({0}): {1}", path, result);
            }
            catch (Exception e)
            {
                Log.LogError("Could not mark {0} weak in {1}: {2}", Version, path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    static string SystemLibstdcxxWithVersion()
    {
        string[] dirs = { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
                          "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu" };
        byte[] needle = Encoding.ASCII.GetBytes(Version + "\0");
        foreach (var d in dirs)
        {
            string p = Path.Combine(d, "libstdc++.so.6");
            if (!File.Exists(p)) continue;
            byte[] bytes = File.ReadAllBytes(p);
            if (IndexOf(bytes, needle) >= 0) return p;
            return null; // the first libstdc++ found is the one the loader uses
        }
        return null;
    }

    static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    static string Patch(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (b[4] != 2 || b[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");
        long shoff = (long)BitConverter.ToUInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A);
        int shnum = BitConverter.ToUInt16(b, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            long off = (long)BitConverter.ToUInt64(b, (int)sh + 24);
            uint link = BitConverter.ToUInt32(b, (int)sh + 40);
            uint count = BitConverter.ToUInt32(b, (int)sh + 44);
            long strOff = (long)BitConverter.ToUInt64(b, (int)(shoff + (long)link * shentsize) + 24);
            long vn = off;
            for (uint n = 0; n < count; n++)
            {
                int cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    uint nameOff = BitConverter.ToUInt32(b, (int)aux + 8);
                    if (ReadCString(b, strOff + nameOff) == Version)
                    {
                        ushort flags = BitConverter.ToUInt16(b, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return "already weak";
                        flags |= VerFlgWeak;
                        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
                        {
                            fs.Seek(aux + 4, SeekOrigin.Begin);
                            fs.Write(BitConverter.GetBytes(flags), 0, 2);
                        }
                        return "marked " + Version + " weak";
                    }
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return "no " + Version + " requirement";
    }

    static string ReadCString(byte[] b, long at)
    {
        int end = (int)at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
