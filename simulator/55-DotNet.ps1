# .NET statics on the simulated PC: [System.IO.File], [System.IO.Directory], [System.Environment] and
# [xml].Save()/.Load() (docs/simulation-windows.md ".NET calls").
# A function cannot shadow a .NET static, and on Linux 'C:\x.txt' is a relative host file name, so a script that
# writes with [IO.File]::WriteAllText('C:\...') would miss the simulated disks. PowerShell resolves a type name in
# a script through a process-wide cache (System.Management.Automation.Language.TypeCache, keyed by the name as
# written and the using-namespace state) before it looks in the loaded assemblies; the simulator puts stand-in
# classes there for the names scripts write ('System.IO.File', 'IO.File', ...). Each stand-in is generated from the
# real class by reflection, so it has every public static member with the same signature: a call whose path
# argument is a Windows path ('C:\...', '\\server\share\...', '\\?\...') goes to the simulated disks (the same
# model the shadowed cmdlets of 60-FileSystem.ps1 use, each write one mutation), any other call goes to the real
# member unchanged (the simulator's own host files, /tmp). A member with no simulated meaning fails loudly on a
# Windows path ("not simulated"), never silently on a host file.
# Limits (DEVIATION): a script with `using namespace System.IO` that writes [File] gets the real class (another
# resolution state); instance types (StreamWriter, FileStream, FileInfo) are not stood in for; members whose
# parameters are spans or by-reference are left out (PowerShell cannot call them). Installed only in a session on a
# non-Windows host (on Windows the real C: is there), after every simulator file is loaded (99-Boot.ps1).

Set-StrictMode -Version 3.0

# The names scripts write for each class: the full name and the 'System.'-less one PowerShell also accepts.
$script:SimDotNetStandIns = [ordered]@{
    'System.IO.File'      = @('System.IO.File', 'IO.File')
    'System.IO.Directory' = @('System.IO.Directory', 'IO.Directory')
    'System.Environment'  = @('System.Environment', 'Environment')
    'System.IO.StreamWriter' = @('System.IO.StreamWriter', 'IO.StreamWriter')
    'System.IO.StreamReader' = @('System.IO.StreamReader', 'IO.StreamReader')
    'System.IO.Path'      = @('System.IO.Path', 'IO.Path')
}

# [System.Environment] members written by hand (the rest forward): Windows answers from the simulated PC's
# environment, names compared case-insensitively as Windows compares them
# (https://learn.microsoft.com/dotnet/api/system.environment.getenvironmentvariable: "On Windows systems, the
# name ... is not case-sensitive"; https://learn.microsoft.com/dotnet/api/system.environment.systemdirectory;
# https://learn.microsoft.com/dotnet/api/system.environment.getfolderpath).
$script:SimDotNetEnvironmentOwn = @('get_SystemDirectory', 'get_MachineName', 'get_UserName', 'get_UserDomainName',
    'GetEnvironmentVariable', 'SetEnvironmentVariable', 'ExpandEnvironmentVariables', 'GetFolderPath', 'GetLogicalDrives')

$script:SimDotNetEnvironmentSource = @'
        // Exact name first, else the first casing in ordinal order: the rule of the Env: drive (51-Environment.ps1),
        // so [Environment] and $env: agree where the Linux host holds a name in two casings.
        static string StoredName(string name) {
            if (name == null) throw new global::System.ArgumentNullException("variable");
            if (global::System.Environment.GetEnvironmentVariable(name) != null) return name;
            string found = null;
            foreach (global::System.Collections.DictionaryEntry e in global::System.Environment.GetEnvironmentVariables()) {
                string k = (string)e.Key;
                if (string.Equals(k, name, global::System.StringComparison.OrdinalIgnoreCase) && (found == null || string.CompareOrdinal(k, found) < 0)) found = k;
            }
            return found ?? name;
        }
        static string Lookup(string name) { return global::System.Environment.GetEnvironmentVariable(StoredName(name)); }
        static bool Simulated { get { return global::System.Environment.GetEnvironmentVariable("WINREFIX_SIM_MACHINE") != null && Lookup("SystemRoot") != null; } }
        static string Or(string simulated, string real) { return Simulated ? (simulated ?? "") : real; }
        public static string SystemDirectory { get { return Simulated ? Lookup("SystemRoot") + "\\system32" : global::System.Environment.SystemDirectory; } }
        public static string MachineName { get { return Or(Lookup("COMPUTERNAME"), global::System.Environment.MachineName); } }
        public static string UserName { get { return Or(Lookup("USERNAME"), global::System.Environment.UserName); } }
        public static string UserDomainName { get { return Or(Lookup("USERDOMAIN"), global::System.Environment.UserDomainName); } }
        public static string GetEnvironmentVariable(string variable) { return Simulated ? Lookup(variable) : global::System.Environment.GetEnvironmentVariable(variable); }
        public static string GetEnvironmentVariable(string variable, global::System.EnvironmentVariableTarget target) {
            if (!Simulated) return global::System.Environment.GetEnvironmentVariable(variable, target);
            return (string)Bridge.Result(Bridge.Call("Environment", "GetEnvironmentVariable", "String,EnvironmentVariableTarget", new object[] { variable, target }), typeof(string));
        }
        public static void SetEnvironmentVariable(string variable, string value) {
            if (!Simulated) { global::System.Environment.SetEnvironmentVariable(variable, value); return; }
            global::System.Environment.SetEnvironmentVariable(StoredName(variable), value);
        }
        public static void SetEnvironmentVariable(string variable, string value, global::System.EnvironmentVariableTarget target) {
            if (!Simulated || target == global::System.EnvironmentVariableTarget.Process) { SetEnvironmentVariable(variable, value); return; }
            Bridge.Call("Environment", "SetEnvironmentVariable", "String,String,EnvironmentVariableTarget", new object[] { variable, value, target });
        }
        public static string ExpandEnvironmentVariables(string name) {
            if (!Simulated) return global::System.Environment.ExpandEnvironmentVariables(name);
            if (name == null) throw new global::System.ArgumentNullException("name");
            // %NAME% with a defined NAME (any casing) is replaced; anything else stays as written, as on Windows.
            return global::System.Text.RegularExpressions.Regex.Replace(name, "%([^%]+)%", m => { string v = Lookup(m.Groups[1].Value); return v ?? m.Value; });
        }
        public static string GetFolderPath(global::System.Environment.SpecialFolder folder) { return GetFolderPath(folder, global::System.Environment.SpecialFolderOption.None); }
        public static string GetFolderPath(global::System.Environment.SpecialFolder folder, global::System.Environment.SpecialFolderOption option) {
            if (!Simulated) return global::System.Environment.GetFolderPath(folder, option);
            return (string)Bridge.Result(Bridge.Call("Environment", "GetFolderPath", "SpecialFolder,SpecialFolderOption", new object[] { folder, option }), typeof(string));
        }
        public static string[] GetLogicalDrives() {
            if (!Simulated) return global::System.Environment.GetLogicalDrives();
            return (string[])Bridge.Result(Bridge.Call("Environment", "GetLogicalDrives", "", new object[0]), typeof(string[]));
        }
'@

$script:SimDotNetBridgeSource = @'
    public static class Bridge {
        // Set by the simulator: (class, method, signature, arguments) -> result. A PowerShell script block.
        public static global::System.Func<string, string, string, object[], object> Handler;
        // The session's $Error (one runspace per session; Clear() keeps the list).
        public static global::System.Collections.ArrayList Errors;
        static readonly global::System.Text.RegularExpressions.Regex WindowsPath =
            new global::System.Text.RegularExpressions.Regex(@"^([A-Za-z]:|\\\\|//)", global::System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        public static bool IsWindowsPath(string path) { return Handler != null && path != null && WindowsPath.IsMatch(path); }
        // The real member's return type, from what the script block returned (PowerShell unrolls a one-element
        // array to its element, and a list to object[]).
        public static object Result(object value, global::System.Type type) {
            var ps = value as global::System.Management.Automation.PSObject;
            if (ps != null && !(ps.BaseObject is global::System.Management.Automation.PSCustomObject)) value = ps.BaseObject;
            if (type == typeof(void) || value == null) return value;
            if (type == typeof(global::System.Collections.Generic.IEnumerable<string>)) type = typeof(string[]);
            if (type.IsArray || type == typeof(string) || type.IsPrimitive || type.IsEnum)
                return global::System.Management.Automation.LanguagePrimitives.ConvertTo(value, type, global::System.Globalization.CultureInfo.InvariantCulture);
            return value;
        }
        public static object Call(string cls, string method, string signature, object[] args) {
            // What the simulator's own script writes to $Error while it serves the call is not the script's: on
            // Windows only the member's exception reaches $Error (as the MethodInvocationException PowerShell wraps).
            global::System.Collections.ArrayList errors = Errors;
            int before = errors == null ? 0 : errors.Count;
            try { return Handler(cls, method, signature, args); }
            catch (global::System.Exception e) {
                // The script block's error arrives wrapped (RuntimeException, MethodInvocationException): throw the
                // .NET exception inside, so the script sees what the real member throws (FileNotFoundException ...).
                global::System.Exception x = e;
                for (int i = 0; i < 8; i++) {
                    var rt = x as global::System.Management.Automation.RuntimeException;
                    if ((rt != null || x is global::System.Reflection.TargetInvocationException) && x.InnerException != null) { x = x.InnerException; continue; }
                    if (rt != null && rt.ErrorRecord != null && rt.ErrorRecord.Exception != null && !object.ReferenceEquals(rt.ErrorRecord.Exception, x) &&
                        !(rt.ErrorRecord.Exception is global::System.Management.Automation.ParentContainsErrorRecordException)) { x = rt.ErrorRecord.Exception; continue; }
                    break;
                }
                global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(x).Throw();
                throw;
            }
            finally {
                if (errors != null) { while (errors.Count > before) errors.RemoveAt(0); }
            }
        }
    }
'@

$script:SimDotNetStreamSource = @'
    // A simulated file opened as a stream: its bytes in memory; each Flush with new data (and the close) writes the
    // whole file back as one write, when Windows's FileStream would have written its buffer to the file.
    public sealed class SimFileStream : global::System.IO.MemoryStream {
        readonly string path; readonly bool writable; bool dirty; bool closed; bool loading;
        public SimFileStream(string path, byte[] bytes, bool writable, bool atEnd) : base() {
            this.path = path; this.writable = writable;
            // MemoryStream.Write asks CanWrite: a read-only stream is writable while it is filled.
            loading = true;
            try { if (bytes != null && bytes.Length > 0) base.Write(bytes, 0, bytes.Length); } finally { loading = false; }
            Position = atEnd ? Length : 0;
        }
        public string SimulatedPath { get { return path; } }
        public override bool CanWrite { get { return loading || (writable && !closed); } }
        void Check() { if (!writable) throw new global::System.NotSupportedException("Stream does not support writing."); }
        public override void Write(byte[] buffer, int offset, int count) { Check(); base.Write(buffer, offset, count); dirty = true; }
        public override void Write(global::System.ReadOnlySpan<byte> buffer) { Check(); base.Write(buffer); dirty = true; }
        public override void WriteByte(byte value) { Check(); base.WriteByte(value); dirty = true; }
        public override void SetLength(long value) { Check(); base.SetLength(value); dirty = true; }
        public override void Flush() {
            if (!dirty || closed) return;
            dirty = false;
            Bridge.Call("Stream", "Flush", "String,Byte[]", new object[] { path, ToArray() });
        }
        protected override void Dispose(bool disposing) {
            try { if (disposing) Flush(); } finally { closed = true; base.Dispose(disposing); }
        }
    }
    public static class Streams {
        // What FileStream(path, mode, access) opens: a simulated file for a Windows path, the real file otherwise.
        public static global::System.IO.Stream Open(string path, global::System.IO.FileMode mode, global::System.IO.FileAccess access) {
            if (!Bridge.IsWindowsPath(path)) return new global::System.IO.FileStream(path, mode, access, global::System.IO.FileShare.Read, 4096);
            byte[] bytes = (byte[])Bridge.Result(Bridge.Call("Stream", "Open", "String,FileMode,FileAccess", new object[] { path, mode, access }), typeof(byte[]));
            return new SimFileStream(path, bytes, access != global::System.IO.FileAccess.Read, mode == global::System.IO.FileMode.Append);
        }
    }
    public class StreamWriter : global::System.IO.StreamWriter {
        public static new readonly global::System.IO.StreamWriter Null = global::System.IO.StreamWriter.Null;
        static readonly global::System.Text.Encoding Utf8NoBom = new global::System.Text.UTF8Encoding(false, true);
        public StreamWriter(global::System.IO.Stream stream) : base(stream) { }
        public StreamWriter(global::System.IO.Stream stream, global::System.Text.Encoding encoding) : base(stream, encoding) { }
        public StreamWriter(global::System.IO.Stream stream, global::System.Text.Encoding encoding, int bufferSize) : base(stream, encoding, bufferSize) { }
        public StreamWriter(global::System.IO.Stream stream, global::System.Text.Encoding encoding, int bufferSize, bool leaveOpen) : base(stream, encoding, bufferSize, leaveOpen) { }
        public StreamWriter(string path) : this(path, false) { }
        public StreamWriter(string path, bool append) : this(path, append, Utf8NoBom, 4096) { }
        public StreamWriter(string path, bool append, global::System.Text.Encoding encoding) : this(path, append, encoding, 4096) { }
        public StreamWriter(string path, bool append, global::System.Text.Encoding encoding, int bufferSize)
            : base(Streams.Open(path, append ? global::System.IO.FileMode.Append : global::System.IO.FileMode.Create, global::System.IO.FileAccess.Write), encoding, bufferSize) {
            // WriteLine ends lines with Environment.NewLine: CRLF on Windows.
            if (BaseStream is SimFileStream) NewLine = "\r\n";
        }
    }
    public class StreamReader : global::System.IO.StreamReader {
        public static new readonly global::System.IO.StreamReader Null = global::System.IO.StreamReader.Null;
        public StreamReader(global::System.IO.Stream stream) : base(stream) { }
        public StreamReader(global::System.IO.Stream stream, bool detectEncodingFromByteOrderMarks) : base(stream, detectEncodingFromByteOrderMarks) { }
        public StreamReader(global::System.IO.Stream stream, global::System.Text.Encoding encoding) : base(stream, encoding) { }
        public StreamReader(global::System.IO.Stream stream, global::System.Text.Encoding encoding, bool detectEncodingFromByteOrderMarks) : base(stream, encoding, detectEncodingFromByteOrderMarks) { }
        public StreamReader(global::System.IO.Stream stream, global::System.Text.Encoding encoding, bool detectEncodingFromByteOrderMarks, int bufferSize) : base(stream, encoding, detectEncodingFromByteOrderMarks, bufferSize) { }
        public StreamReader(global::System.IO.Stream stream, global::System.Text.Encoding encoding, bool detectEncodingFromByteOrderMarks, int bufferSize, bool leaveOpen) : base(stream, encoding, detectEncodingFromByteOrderMarks, bufferSize, leaveOpen) { }
        public StreamReader(string path) : this(path, global::System.Text.Encoding.UTF8, true) { }
        public StreamReader(string path, bool detectEncodingFromByteOrderMarks) : this(path, global::System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks) { }
        public StreamReader(string path, global::System.Text.Encoding encoding) : this(path, encoding, true) { }
        public StreamReader(string path, global::System.Text.Encoding encoding, bool detectEncodingFromByteOrderMarks) : this(path, encoding, detectEncodingFromByteOrderMarks, 4096) { }
        public StreamReader(string path, global::System.Text.Encoding encoding, bool detectEncodingFromByteOrderMarks, int bufferSize)
            : base(Streams.Open(path, global::System.IO.FileMode.Open, global::System.IO.FileAccess.Read), encoding, detectEncodingFromByteOrderMarks, bufferSize) { }
    }
'@

# [System.IO.Path] members written by hand: on a Windows path (a backslash, or a drive 'C:') they follow Windows's
# rules, where '\' and '/' both separate and 'C:' is a root (https://learn.microsoft.com/dotnet/standard/io/file-path-formats,
# https://learn.microsoft.com/dotnet/api/system.io.path); any other path (the host's) goes to the real member.
# GetTempPath/GetTempFileName stay the host's: winre-fix's own diskpart script file is a host file in simulation.
$script:SimDotNetPathOwn = @('GetFileName', 'GetDirectoryName', 'GetExtension', 'GetFileNameWithoutExtension', 'ChangeExtension',
    'HasExtension', 'IsPathRooted', 'GetPathRoot', 'Combine', 'GetFullPath', 'DirectorySeparatorChar', 'AltDirectorySeparatorChar', 'VolumeSeparatorChar')

$script:SimDotNetPathSource = @'
        public static readonly char DirectorySeparatorChar = '\\';
        public static readonly char AltDirectorySeparatorChar = '/';
        public static readonly char VolumeSeparatorChar = ':';
        static bool Win(string p) { return p != null && (p.IndexOf('\\') >= 0 || (p.Length >= 2 && p[1] == ':' && char.IsLetter(p[0]))); }
        static bool Sep(char c) { return c == '\\' || c == '/'; }
        static int RootLength(string p) {
            if (p.Length >= 2 && p[1] == ':' && char.IsLetter(p[0])) return (p.Length >= 3 && Sep(p[2])) ? 3 : 2;
            if (p.Length >= 2 && Sep(p[0]) && Sep(p[1])) {
                // \\server\share
                int i = 2; int parts = 0;
                while (i < p.Length) { if (Sep(p[i])) { parts++; if (parts == 2) break; } i++; }
                return i;
            }
            return (p.Length >= 1 && Sep(p[0])) ? 1 : 0;
        }
        static int LastSep(string p) { int i = p.Length - 1; while (i >= 0 && !Sep(p[i]) && p[i] != ':') i--; return i; }
        public static string GetFileName(string path) { if (!Win(path)) return global::System.IO.Path.GetFileName(path); return path.Substring(LastSep(path) + 1); }
        public static string GetDirectoryName(string path) {
            if (!Win(path)) return global::System.IO.Path.GetDirectoryName(path);
            string p = path.Replace('/', '\\');
            int root = RootLength(p);
            int i = p.Length - 1;
            while (i >= root && p[i] != '\\') i--;
            if (i < root) return p.Length > root ? p.Substring(0, root) : null;
            int end = i; while (end > root && p[end - 1] == '\\') end--;
            return p.Substring(0, end);
        }
        public static string GetExtension(string path) {
            if (!Win(path)) return global::System.IO.Path.GetExtension(path);
            string name = GetFileName(path); int dot = name.LastIndexOf('.');
            return (dot < 0 || dot == name.Length - 1) ? "" : name.Substring(dot);
        }
        public static bool HasExtension(string path) { if (!Win(path)) return global::System.IO.Path.HasExtension(path); return GetExtension(path).Length > 0; }
        public static string GetFileNameWithoutExtension(string path) {
            if (!Win(path)) return global::System.IO.Path.GetFileNameWithoutExtension(path);
            string name = GetFileName(path); int dot = name.LastIndexOf('.');
            return dot < 0 ? name : name.Substring(0, dot);
        }
        public static string ChangeExtension(string path, string extension) {
            if (!Win(path)) return global::System.IO.Path.ChangeExtension(path, extension);
            int cut = path.Length; int dot = path.LastIndexOf('.');
            if (dot > LastSep(path)) cut = dot;
            string stem = path.Substring(0, cut);
            if (extension == null) return stem;
            return extension.StartsWith(".") ? stem + extension : stem + "." + extension;
        }
        public static bool IsPathRooted(string path) { if (!Win(path)) return global::System.IO.Path.IsPathRooted(path); return RootLength(path) > 0; }
        public static string GetPathRoot(string path) { if (!Win(path)) return global::System.IO.Path.GetPathRoot(path); return path.Substring(0, RootLength(path)).Replace('/', '\\'); }
        static string Combine2(string a, string b) {
            if (b.Length == 0) return a;
            if (a.Length == 0 || RootLength(b) > 0) return b;
            char last = a[a.Length - 1];
            return (Sep(last) || last == ':') ? a + b : a + "\\" + b;
        }
        public static string Combine(params string[] paths) {
            if (paths == null) throw new global::System.ArgumentNullException("paths");
            bool win = false; foreach (string p in paths) { if (p == null) throw new global::System.ArgumentNullException("paths"); if (Win(p)) win = true; }
            if (!win) return global::System.IO.Path.Combine(paths);
            string r = ""; foreach (string p in paths) r = Combine2(r, p); return r;
        }
        public static string Combine(string path1, string path2) { return Combine(new[] { path1, path2 }); }
        public static string Combine(string path1, string path2, string path3) { return Combine(new[] { path1, path2, path3 }); }
        public static string Combine(string path1, string path2, string path3, string path4) { return Combine(new[] { path1, path2, path3, path4 }); }
        public static string GetFullPath(string path) {
            if (!Win(path) || RootLength(path) < 3 && !(path.Length >= 2 && Sep(path[0]) && Sep(path[1]))) return global::System.IO.Path.GetFullPath(path);
            // An absolute Windows path: '/' becomes '\', '.' and '..' segments resolve (never above the root).
            string p = path.Replace('/', '\\'); int root = RootLength(p);
            var parts = new global::System.Collections.Generic.List<string>();
            foreach (string seg in p.Substring(root).Split('\\')) {
                if (seg.Length == 0 || seg == ".") continue;
                if (seg == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
                parts.Add(seg);
            }
            string head = p.Substring(0, root); if (!head.EndsWith("\\")) head += "\\";
            string full = head + string.Join("\\", parts);
            return (p.EndsWith("\\") && parts.Count > 0) ? full + "\\" : full;
        }
        public static string GetFullPath(string path, string basePath) { if (!Win(path) && !Win(basePath)) return global::System.IO.Path.GetFullPath(path, basePath); return GetFullPath(IsPathRooted(path) ? path : Combine(basePath, path)); }
'@

function Get-SimCsTypeName {
    # A type as C# source names it (global::Ns.Type<Arg>, arrays, nested types).
    param([Parameter(Mandatory = $true)][type] $Type)
    if ($Type -eq [void]) { return 'void' }
    if ($Type.IsArray) { return (Get-SimCsTypeName -Type $Type.GetElementType()) + '[' + (',' * ($Type.GetArrayRank() - 1)) + ']' }
    if ($Type.IsGenericType) {
        $def = $Type.GetGenericTypeDefinition().FullName
        $names = @($Type.GetGenericArguments() | ForEach-Object { Get-SimCsTypeName -Type $_ })
        return 'global::' + $def.Substring(0, $def.IndexOf('`')).Replace('+', '.') + '<' + ($names -join ', ') + '>'
    }
    return 'global::' + $Type.FullName.Replace('+', '.')
}

function Get-SimCsDefault {
    # ' = <default>' for an optional parameter, '' otherwise.
    param([Parameter(Mandatory = $true)][System.Reflection.ParameterInfo] $Parameter)
    if (-not $Parameter.HasDefaultValue) { return '' }
    $t = $Parameter.ParameterType
    $v = $Parameter.RawDefaultValue
    $tn = Get-SimCsTypeName -Type $t
    if ($null -eq $v -or $v -is [System.DBNull] -or $v -is [System.Reflection.Missing]) { return " = default($tn)" }
    if ($v -is [bool]) { return ' = ' + ([string]$v).ToLowerInvariant() }
    if ($v -is [string]) { return ' = "' + $v.Replace('\', '\\').Replace('"', '\"') + '"' }
    return " = ($tn)(" + [System.Convert]::ToString($v, [System.Globalization.CultureInfo]::InvariantCulture) + ')'
}

function Test-SimCsCallable {
    # Members PowerShell can call and C# can forward: no generic definitions, spans, pointers or by-ref parameters.
    param([Parameter(Mandatory = $true)][System.Reflection.MethodBase] $Method)
    if ($Method.IsGenericMethodDefinition -or $Method.ContainsGenericParameters) { return $false }
    foreach ($a in $Method.GetCustomAttributes([System.ObsoleteAttribute], $false)) { if ($a.IsError) { return $false } }
    $types = @($Method.GetParameters() | ForEach-Object { $_.ParameterType })
    if ($Method -is [System.Reflection.MethodInfo]) { $types += $Method.ReturnType }
    foreach ($t in $types) { if ($t.IsByRef -or $t.IsPointer -or $t.IsByRefLike) { return $false } }
    return $true
}

function New-SimDotNetStandInSource {
    # C# of one stand-in class: every public static method and property of $Type, forwarding; string parameters
    # named like a path route a Windows path to the simulator (Bridge.Call); $Own lists members written by hand.
    param([Parameter(Mandatory = $true)][type] $Type, [string[]] $Own = @(), [string] $Extra = '')
    $real = Get-SimCsTypeName -Type $Type
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.AppendLine('    public static class ' + $Type.Name + ' {')
    $flags = [System.Reflection.BindingFlags]'Public,Static,DeclaredOnly'
    foreach ($prop in $Type.GetProperties($flags)) {
        if ($Own -contains ('get_' + $prop.Name)) { continue }
        if ($prop.GetIndexParameters().Length -gt 0 -or $prop.PropertyType.IsByRefLike) { continue }
        $tn = Get-SimCsTypeName -Type $prop.PropertyType
        $null = $sb.Append('        public static ' + $tn + ' ' + $prop.Name + ' {')
        if ($null -ne $prop.GetGetMethod()) { $null = $sb.Append(' get { return ' + $real + '.' + $prop.Name + '; }') }
        if ($null -ne $prop.GetSetMethod()) { $null = $sb.Append(' set { ' + $real + '.' + $prop.Name + ' = value; }') }
        $null = $sb.AppendLine(' }')
    }
    foreach ($field in $Type.GetFields($flags)) {
        if ($Own -contains $field.Name -or $field.FieldType.IsByRefLike) { continue }
        $null = $sb.AppendLine('        public static readonly ' + (Get-SimCsTypeName -Type $field.FieldType) + ' ' + $field.Name + ' = ' + $real + '.' + $field.Name + ';')
    }
    foreach ($m in $Type.GetMethods($flags)) {
        if ($m.IsSpecialName -or -not (Test-SimCsCallable -Method $m)) { continue }
        if ($Own -contains $m.Name) { continue }
        $ps = $m.GetParameters()
        $decl = [System.Collections.Generic.List[string]]::new()
        $names = [System.Collections.Generic.List[string]]::new()
        $sig = [System.Collections.Generic.List[string]]::new()
        $routes = [System.Collections.Generic.List[string]]::new()
        foreach ($p in $ps) {
            $prefix = ''
            if ($p.GetCustomAttributes([System.ParamArrayAttribute], $false).Length -gt 0) { $prefix = 'params ' }
            $decl.Add($prefix + (Get-SimCsTypeName -Type $p.ParameterType) + ' @' + $p.Name + (Get-SimCsDefault -Parameter $p))
            $names.Add('@' + $p.Name)
            $sig.Add($p.ParameterType.Name)
            if ($p.ParameterType -eq [string] -and $p.Name -match '(?i)(path|filename|dirname)$') { $routes.Add('Bridge.IsWindowsPath(@' + $p.Name + ')') }
        }
        $void = $m.ReturnType -eq [void]
        $ret = 'object'
        if ($void) { $ret = 'void' }
        $null = $sb.AppendLine('        public static ' + $ret + ' ' + $m.Name + '(' + ($decl -join ', ') + ') {')
        if ($routes.Count -gt 0) {
            $call = 'Bridge.Call("' + $Type.Name + '", "' + $m.Name + '", "' + ($sig -join ',') + '", new object[] { ' + ($names -join ', ') + ' })'
            if ($void) { $null = $sb.AppendLine('            if (' + ($routes -join ' || ') + ') { ' + $call + '; return; }') }
            else { $null = $sb.AppendLine('            if (' + ($routes -join ' || ') + ') { return Bridge.Result(' + $call + ', typeof(' + (Get-SimCsTypeName -Type $m.ReturnType) + ')); }') }
        }
        $forward = $real + '.' + $m.Name + '(' + ($names -join ', ') + ')'
        if ($void) { $null = $sb.AppendLine('            ' + $forward + ';') } else { $null = $sb.AppendLine('            return ' + $forward + ';') }
        $null = $sb.AppendLine('        }')
    }
    if ($Extra) { $null = $sb.AppendLine($Extra) }
    $null = $sb.AppendLine('    }')
    return $sb.ToString()
}

function New-SimDotNetSource {
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.AppendLine('// Generated by simulator/55-DotNet.ps1 from the running .NET: stand-ins for the simulated PC.')
    $null = $sb.AppendLine('namespace WinReFixSim {')
    $null = $sb.AppendLine($script:SimDotNetBridgeSource)
    $null = $sb.AppendLine($script:SimDotNetStreamSource)
    $null = $sb.AppendLine((New-SimDotNetStandInSource -Type ([System.IO.File])))
    $null = $sb.AppendLine((New-SimDotNetStandInSource -Type ([System.IO.Directory])))
    $null = $sb.AppendLine((New-SimDotNetStandInSource -Type ([System.Environment]) -Own $script:SimDotNetEnvironmentOwn -Extra $script:SimDotNetEnvironmentSource))
    $null = $sb.AppendLine((New-SimDotNetStandInSource -Type ([System.IO.Path]) -Own $script:SimDotNetPathOwn -Extra $script:SimDotNetPathSource))
    $null = $sb.AppendLine('}')
    return $sb.ToString()
}

function Get-SimDotNetAssembly {
    # The compiled stand-ins, cached per generator text and runtime (a compile costs about a second; loading the
    # cached assembly a few milliseconds). The cache folder is the user's own (~/.cache), created 0700, so no other
    # account can plant an assembly this process loads; the file is written under a temporary name and renamed.
    $loaded = 'WinReFixSim.Bridge' -as [type]
    if ($null -ne $loaded) { return $loaded.Assembly }
    $key = [System.Text.StringBuilder]::new()
    foreach ($f in @('Get-SimCsTypeName', 'Get-SimCsDefault', 'Test-SimCsCallable', 'New-SimDotNetStandInSource', 'New-SimDotNetSource')) {
        $null = $key.Append((Get-Command -Name $f -CommandType Function).Definition)
    }
    $null = $key.Append($script:SimDotNetBridgeSource).Append($script:SimDotNetStreamSource).Append($script:SimDotNetEnvironmentSource).Append(($script:SimDotNetEnvironmentOwn -join ',')).Append($script:SimDotNetPathSource).Append(($script:SimDotNetPathOwn -join ','))
    $null = $key.Append([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription).Append($PSVersionTable.PSVersion.ToString())
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($key.ToString()))[0..11] | ForEach-Object { $_.ToString('x2') }) } finally { $sha.Dispose() }
    $folder = Get-SimDotNetCacheFolder
    if ($null -eq $folder) {
        # No safe cache folder: compiled in memory, at every load (about a second).
        Microsoft.PowerShell.Utility\Add-Type -TypeDefinition (New-SimDotNetSource) -IgnoreWarnings -WarningAction Ignore
        return ('WinReFixSim.Bridge' -as [type]).Assembly
    }
    $dll = [System.IO.Path]::Combine($folder, 'WinReFixSim-' + $hash + '.dll')
    if (-not [System.IO.File]::Exists($dll)) {
        $tmp = $dll + '.' + [guid]::NewGuid().ToString('N') + '.tmp'
        Microsoft.PowerShell.Utility\Add-Type -TypeDefinition (New-SimDotNetSource) -OutputAssembly $tmp -OutputType Library -IgnoreWarnings -WarningAction Ignore
        [System.IO.File]::Move($tmp, $dll, $true)
    }
    return [System.Reflection.Assembly]::LoadFrom($dll)
}

function Get-SimDotNetCacheFolder {
    # ~/.cache/winre-fix-sim (XDG_CACHE_HOME when set), made 0700; $null unless this account owns it and nobody else
    # may write to it, so no other account can plant an assembly this process loads.
    $cacheRoot = $env:XDG_CACHE_HOME
    if ([string]::IsNullOrEmpty($cacheRoot) -and -not [string]::IsNullOrEmpty($env:HOME)) { $cacheRoot = [System.IO.Path]::Combine($env:HOME, '.cache') }
    if ([string]::IsNullOrEmpty($cacheRoot)) { return $null }
    try {
        $folder = [System.IO.Path]::Combine($cacheRoot, 'winre-fix-sim')
        $null = [System.IO.Directory]::CreateDirectory($folder, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        if (([System.IO.File]::GetUnixFileMode($folder) -band [System.IO.UnixFileMode]'GroupWrite, OtherWrite') -ne 0) { return $null }
        # The owner: compared with a file this process creates there (pwsh's UnixStat gives the user id).
        $probe = [System.IO.Path]::Combine($folder, '.probe-' + [guid]::NewGuid().ToString('N'))
        [System.IO.File]::WriteAllBytes($probe, [byte[]]@())
        try {
            $me = (Microsoft.PowerShell.Management\Get-Item -LiteralPath $probe -Force).UnixStat.UserId
            $owner = (Microsoft.PowerShell.Management\Get-Item -LiteralPath $folder -Force).UnixStat.UserId
        } finally { [System.IO.File]::Delete($probe) }
        if ($me -ne $owner) { return $null }
        return $folder
    } catch [System.IO.IOException] { return $null } catch [System.UnauthorizedAccessException] { return $null }
}

function Install-SimDotNetStandIns {
    # Called by 99-Boot.ps1 in a session on a non-Windows host. Idempotent.
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) { return }
    $asm = Get-SimDotNetAssembly
    $bridge = $asm.GetType('WinReFixSim.Bridge')
    $bridge::Errors = $global:Error
    $bridge::Handler = [System.Func[string, string, string, object[], object]] {
        param($class, $method, $signature, $arguments)
        return Invoke-SimDotNetCall -Class $class -Method $method -Signature $signature -Arguments $arguments
    }
    # TypeCache.Add is GetOrAdd, and the simulator's own code has already resolved some of these names to the real
    # classes while loading: set the entries of the cache's dictionary instead.
    $engine = [psobject].Assembly
    $cacheType = $engine.GetType('System.Management.Automation.Language.TypeCache')
    $stateType = $engine.GetType('System.Management.Automation.Language.TypeResolutionState')
    $field = $null; $using = $null
    if ($null -ne $cacheType) { $field = $cacheType.GetField('s_cache', [System.Reflection.BindingFlags]'Static,NonPublic') }
    if ($null -ne $stateType) { $using = $stateType.GetField('UsingSystem', [System.Reflection.BindingFlags]'Static,NonPublic,Public') }
    if ($null -eq $field -or $null -eq $using) {
        throw 'Simulator: this PowerShell has no TypeCache.s_cache / TypeResolutionState.UsingSystem; the .NET stand-ins cannot be installed (docs/simulation-windows.md ".NET calls").'
    }
    $cache = $field.GetValue($null)
    $item = $cache.GetType().GetProperty('Item')
    $keyType = [System.Tuple`2].MakeGenericType([System.Management.Automation.Language.ITypeName], $stateType)
    $position = [System.Management.Automation.Language.ScriptPosition]::new('', 1, 1, '')
    $extent = [System.Management.Automation.Language.ScriptExtent]::new($position, $position)
    foreach ($real in $script:SimDotNetStandIns.Keys) {
        $standIn = $asm.GetType('WinReFixSim.' + $real.Substring($real.LastIndexOf('.') + 1))
        foreach ($name in $script:SimDotNetStandIns[$real]) {
            $key = [System.Activator]::CreateInstance($keyType, @([System.Management.Automation.Language.TypeName]::new($extent, $name), $using.GetValue($null)))
            $item.SetValue($cache, $standIn, @($key))
        }
    }
    Install-SimXmlDocumentMembers
}

# ------------------------------------------------------------------------------------------------------------
# The simulated members. Texts are .NET Framework 4.8's (what Windows PowerShell 5.1 shows), from its resources
# (https://github.com/microsoft/referencesource, mscorlib/system/io/__error.cs and mscorlib.txt):
# FileNotFound "Could not find file '<path>'.", PathNotFound "Could not find a part of the path '<path>'.",
# UnauthorizedAccess "Access to the path '<path>' is denied.", FileExists "The file '<path>' already exists.".
# Win32 texts (ERROR_ALREADY_EXISTS, ERROR_DIR_NOT_EMPTY, ERROR_DIRECTORY) end with CRLF, as FormatMessage gives them.
# ------------------------------------------------------------------------------------------------------------

function New-SimDotNetNotSimulated {
    param([string] $Class, [string] $Method, [string] $Path)
    return [System.NotSupportedException]::new("Simulator: [System.IO.$Class]::$Method on '$Path' is not simulated (docs/simulation-windows.md "".NET calls"").")
}

function Resolve-SimDotNetPath {
    # @{ Full (the path as .NET shows it); R (Resolve-SimFsPath, $null off the disks); Machine; Parent (folder exists) }
    param([Parameter(Mandatory = $true)][string] $Path, [string] $Class = 'File', [string] $Method = '')
    $full = $Path.Replace('/', '\')
    if (Test-SimSharePath -Path $full) { return @{ Full = $full; R = $null; Machine = $null; Parent = $false; Share = $true } }
    if (-not (Test-SimFsSyntax -Path $full) -or $full -notmatch '^[A-Za-z]:\\') {
        # 'C:x' (drive-relative) and '\\?\' device paths: not modelled for .NET calls.
        throw (New-SimDotNetNotSimulated -Class $Class -Method $Method -Path $Path)
    }
    $machine = Read-SimMachine
    $r = Resolve-SimFsPath -Machine $machine -Path $full
    $parent = $false
    if ($null -ne $r) {
        $rel = $r.Relative
        $folder = $rel.Substring(0, [math]::Max(1, $rel.LastIndexOf('\')))
        $parent = ($rel -eq '\') -or (Test-SimFsFolder -Machine $machine -Volume $r.Volume -Folder $folder)
    }
    return @{ Full = $full; R = $r; Machine = $machine; Parent = $parent; Share = $false }
}

function Get-SimDotNetBytes {
    # The bytes of a simulated file (ReadAllBytes / ReadAllText), or .NET's exception.
    param([Parameter(Mandatory = $true)][string] $Path, [string] $Method)
    $p = Resolve-SimDotNetPath -Path $Path -Method $Method
    if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'File' -Method $Method -Path $Path) }
    if ($null -eq $p.R) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
    if ($p.R.IsDirectory) { throw [System.UnauthorizedAccessException]::new("Access to the path '$($p.Full)' is denied.") }
    if ($null -eq $p.R.File) {
        if ($p.Parent) { throw [System.IO.FileNotFoundException]::new("Could not find file '$($p.Full)'.", $p.Full) }
        throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.")
    }
    $file = $p.R.File
    if ($null -eq $file.PSObject.Properties['content'] -and [long]$file.size -gt 0) {
        throw [System.NotSupportedException]::new("Simulator: '$($p.Full)' is a declared file of $($file.size) bytes without simulated content; its bytes cannot be read.")
    }
    return [byte[]](Get-SimFsBytes -File $file)
}

function Read-SimDotNetText {
    # StreamReader semantics: a BOM decides, else $Encoding (UTF-8 by default).
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][byte[]] $Bytes, $Encoding)
    if ($null -eq $Encoding) { $Encoding = [System.Text.UTF8Encoding]::new($false) }
    $reader = [System.IO.StreamReader]::new([System.IO.MemoryStream]::new($Bytes), [System.Text.Encoding]$Encoding, $true)
    try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
}

function Get-SimDotNetLines {
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text)
    $reader = [System.IO.StringReader]::new($Text)
    $lines = [System.Collections.Generic.List[string]]::new()
    while ($null -ne ($line = $reader.ReadLine())) { $lines.Add($line) }
    return , ([string[]]$lines.ToArray())
}

function Write-SimDotNetBytes {
    # One write of exactly $Bytes (the whole new file) through 60-FileSystem.ps1's Write-SimFsText, errors thrown as
    # the .NET exception.
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][AllowEmptyCollection()][byte[]] $Bytes, [string] $Method, [string] $Fallback = 'utf8')
    $p = Resolve-SimDotNetPath -Path $Path -Method $Method
    if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'File' -Method $Method -Path $Path) }
    if ($null -eq $p.R) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
    $caller = New-SimDotNetCaller
    $null = Write-SimFsText -Caller $caller -Machine $p.Machine -Path $p.Full -Text '' -RawBytes $Bytes -Encoding $Fallback -Cmdlet 'FileSystemProvider' -Command ('[System.IO.File]::' + $Method) -Terminating
}

function New-SimDotNetCaller {
    # Stands in for $PSCmdlet in the shared write bodies: an error record becomes its .NET exception, thrown.
    $caller = [pscustomobject]@{}
    $caller | Add-Member -MemberType ScriptMethod -Name WriteError -Value { param($record) throw $record.Exception }
    $caller | Add-Member -MemberType ScriptMethod -Name ThrowTerminatingError -Value { param($record) throw $record.Exception }
    return $caller
}

function Get-SimDotNetEncoding {
    # The encoding argument of a .NET text member, or UTF-8 without BOM (the .NET default).
    param([object[]] $Arguments, [int] $Index)
    if ($Arguments.Count -gt $Index -and $Arguments[$Index] -is [System.Text.Encoding]) { return $Arguments[$Index] }
    return [System.Text.UTF8Encoding]::new($false)
}

function Get-SimDotNetTextBytes {
    # What a StreamWriter in $Encoding writes for $Text into a file of $OldLength bytes: the preamble only at 0.
    param([AllowEmptyString()][string] $Text, [Parameter(Mandatory = $true)][System.Text.Encoding] $Encoding, [long] $OldLength = 0)
    $body = $Encoding.GetBytes([string]$Text)
    if ($OldLength -gt 0) { return , [byte[]]$body }
    return , [byte[]]([byte[]]$Encoding.GetPreamble() + $body)
}

function Get-SimDotNetLinesText {
    # WriteAllLines / AppendAllLines: each line ends with Windows's NewLine, CRLF.
    param($Lines)
    $sb = [System.Text.StringBuilder]::new()
    foreach ($l in @($Lines)) { $null = $sb.Append([string]$l).Append("`r`n") }
    return $sb.ToString()
}

function Get-SimDotNetExistingBytes {
    # The current bytes for an append ($null when there is no file yet).
    param([Parameter(Mandatory = $true)][string] $Path, [string] $Method)
    $p = Resolve-SimDotNetPath -Path $Path -Method $Method
    if ($null -eq $p.R -or $null -eq $p.R.File) { return $null }
    return , [byte[]](Get-SimDotNetBytes -Path $Path -Method $Method)
}

function Invoke-SimDotNetFile {
    param([string] $Method, [string] $Signature, [object[]] $A)
    $path = [string]$A[0]
    switch ($Method) {
        'Exists' {
            # Never throws: a bad or missing path is $false.
            try { $p = Resolve-SimDotNetPath -Path $path -Method $Method } catch { return $false }
            if ($p.Share) { return [bool](Test-Path -LiteralPath $p.Full -PathType Leaf -ErrorAction Ignore) }
            return ($null -ne $p.R -and $null -ne $p.R.File)
        }
        'ReadAllBytes' { return , [byte[]](Get-SimDotNetBytes -Path $path -Method $Method) }
        'ReadAllText' { return (Read-SimDotNetText -Bytes (Get-SimDotNetBytes -Path $path -Method $Method) -Encoding (Get-SimDotNetEncoding -Arguments $A -Index 1)) }
        { $_ -eq 'ReadAllLines' -or $_ -eq 'ReadLines' } {
            $text = Read-SimDotNetText -Bytes (Get-SimDotNetBytes -Path $path -Method $Method) -Encoding (Get-SimDotNetEncoding -Arguments $A -Index 1)
            return (Get-SimDotNetLines -Text $text)
        }
        'WriteAllBytes' {
            if ($null -eq $A[1]) { throw [System.ArgumentNullException]::new('bytes') }
            Write-SimDotNetBytes -Path $path -Bytes ([byte[]]$A[1]) -Method $Method
            return $null
        }
        { $_ -eq 'WriteAllText' -or $_ -eq 'WriteAllLines' } {
            $text = [string]$A[1]
            if ($Method -eq 'WriteAllLines') { $text = Get-SimDotNetLinesText -Lines $A[1] }
            $enc = Get-SimDotNetEncoding -Arguments $A -Index 2
            Write-SimDotNetBytes -Path $path -Bytes (Get-SimDotNetTextBytes -Text $text -Encoding $enc) -Method $Method -Fallback (Get-SimFsEncodingName -Encoding $enc -Default 'utf8')
            return $null
        }
        { $_ -eq 'AppendAllText' -or $_ -eq 'AppendAllLines' } {
            $text = [string]$A[1]
            if ($Method -eq 'AppendAllLines') { $text = Get-SimDotNetLinesText -Lines $A[1] }
            $enc = Get-SimDotNetEncoding -Arguments $A -Index 2
            $old = Get-SimDotNetExistingBytes -Path $path -Method $Method
            $oldLength = 0
            if ($null -ne $old) { $oldLength = $old.Length } else { $old = [byte[]]@() }
            $new = Get-SimDotNetTextBytes -Text $text -Encoding $enc -OldLength $oldLength
            Write-SimDotNetBytes -Path $path -Bytes ([byte[]]($old + $new)) -Method $Method -Fallback (Get-SimFsEncodingName -Encoding $enc -Default 'utf8')
            return $null
        }
        'Delete' {
            $p = Resolve-SimDotNetPath -Path $path -Method $Method
            if ($null -eq $p.R -or (-not $p.Parent -and $null -eq $p.R.File -and -not $p.R.IsDirectory)) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
            if ($p.R.IsDirectory) { throw [System.UnauthorizedAccessException]::new("Access to the path '$($p.Full)' is denied.") }
            # A missing file is not an error (https://learn.microsoft.com/dotnet/api/system.io.file.delete).
            if ($null -eq $p.R.File) { return $null }
            Invoke-SimDotNetCmdlet { Remove-Item -LiteralPath $p.Full -Force -ErrorAction Stop }
            return $null
        }
        { $_ -eq 'Copy' -or $_ -eq 'Move' } {
            $dest = [string]$A[1]
            $overwrite = ($A.Count -gt 2 -and [bool]$A[2])
            $src = Resolve-SimDotNetPath -Path $path -Method $Method
            $dst = Resolve-SimDotNetPath -Path $dest -Method $Method
            $srcExists = ($src.Share -and [bool](Test-Path -LiteralPath $src.Full -PathType Leaf -ErrorAction Ignore)) -or ($null -ne $src.R -and $null -ne $src.R.File)
            if (-not $srcExists) {
                if ($null -ne $src.R -and $src.R.IsDirectory) { throw [System.UnauthorizedAccessException]::new("Access to the path '$($src.Full)' is denied.") }
                throw [System.IO.FileNotFoundException]::new("Could not find file '$($src.Full)'.", $src.Full)
            }
            if ($dst.Share) { throw (New-SimDotNetNotSimulated -Class 'File' -Method $Method -Path $dest) }
            if ($null -eq $dst.R -or -not $dst.Parent) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($dst.Full)'.") }
            if ($dst.R.IsDirectory) { throw [System.UnauthorizedAccessException]::new("Access to the path '$($dst.Full)' is denied.") }
            if ($null -ne $dst.R.File -and -not $overwrite) {
                if ($Method -eq 'Copy') { throw [System.IO.IOException]::new("The file '$($dst.Full)' already exists.", -2147024816) }
                throw [System.IO.IOException]::new("Cannot create a file when that file already exists.`r`n", -2147024713)
            }
            if ($Method -eq 'Copy') { Invoke-SimDotNetCmdlet { Copy-Item -LiteralPath $src.Full -Destination $dst.Full -Force -ErrorAction Stop } }
            else {
                if ($null -ne $dst.R.File) { Invoke-SimDotNetCmdlet { Remove-Item -LiteralPath $dst.Full -Force -ErrorAction Stop } }
                Invoke-SimDotNetCmdlet { Move-Item -LiteralPath $src.Full -Destination $dst.Full -Force -ErrorAction Stop }
            }
            return $null
        }
        { $_ -in @('CreateText', 'AppendText', 'OpenText', 'OpenRead', 'OpenWrite', 'Create', 'Open') } {
            # The streams File opens (https://learn.microsoft.com/dotnet/api/system.io.file.createtext ...): over the
            # simulated file, through the stream stand-ins.
            switch ($Method) {
                'CreateText' { return [WinReFixSim.StreamWriter]::new($path, $false) }
                'AppendText' { return [WinReFixSim.StreamWriter]::new($path, $true) }
                'OpenText' { return [WinReFixSim.StreamReader]::new($path) }
                'OpenRead' { return [WinReFixSim.Streams]::Open($path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read) }
                'OpenWrite' { return [WinReFixSim.Streams]::Open($path, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::Write) }
                'Create' { return [WinReFixSim.Streams]::Open($path, [System.IO.FileMode]::Create, [System.IO.FileAccess]::ReadWrite) }
                'Open' {
                    if ($A.Count -lt 2 -or $A[1] -isnot [System.IO.FileMode]) { throw (New-SimDotNetNotSimulated -Class 'File' -Method $Method -Path $path) }
                    $access = [System.IO.FileAccess]::ReadWrite
                    if ($A[1] -eq [System.IO.FileMode]::Append) { $access = [System.IO.FileAccess]::Write }
                    if ($A.Count -gt 2 -and $A[2] -is [System.IO.FileAccess]) { $access = $A[2] }
                    return [WinReFixSim.Streams]::Open($path, $A[1], $access)
                }
            }
        }
        'GetAttributes' {
            $p = Resolve-SimDotNetPath -Path $path -Method $Method
            if ($null -ne $p.R -and $p.R.IsDirectory) { return [System.IO.FileAttributes]::Directory }
            if ($null -eq $p.R -or $null -eq $p.R.File) {
                if ($null -ne $p.R -and $p.Parent) { throw [System.IO.FileNotFoundException]::new("Could not find file '$($p.Full)'.", $p.Full) }
                throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.")
            }
            return (Get-SimFsAttributes -File $p.R.File)
        }
    }
    throw (New-SimDotNetNotSimulated -Class 'File' -Method $Method -Path $path)
}

function Invoke-SimDotNetCmdlet {
    # A shadowed cmdlet's error as the .NET exception inside it.
    param([Parameter(Mandatory = $true)][scriptblock] $Script)
    try { & $Script } catch { throw $_.Exception }
}

function Get-SimDotNetEntries {
    # Directory.GetFiles / GetDirectories / GetFileSystemEntries and the Enumerate* ones: full paths.
    param([string] $Path, [string] $Method, [object[]] $A)
    $p = Resolve-SimDotNetPath -Path $Path -Class 'Directory' -Method $Method
    if ($p.Share -or $null -eq $p.R -or -not $p.R.IsDirectory) {
        if ($null -ne $p.R -and $null -ne $p.R.File) { throw [System.IO.IOException]::new("The directory name is invalid.`r`n", -2147024629) }
        if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'Directory' -Method $Method -Path $Path) }
        throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.")
    }
    $pattern = '*'
    if ($A.Count -gt 1 -and $A[1] -is [string]) { $pattern = [string]$A[1] }
    # '*.*' matches every name for .NET, as '*' (https://learn.microsoft.com/dotnet/api/system.io.directory.getfiles).
    if ($pattern -eq '*.*') { $pattern = '*' }
    $recurse = ($A.Count -gt 2 -and (($A[2] -is [System.IO.SearchOption] -and $A[2] -eq [System.IO.SearchOption]::AllDirectories) -or
            ($A[2] -is [System.IO.EnumerationOptions] -and $A[2].RecurseSubdirectories)))
    $items = @(Get-ChildItem -LiteralPath $p.Full -Force -Recurse:$recurse -ErrorAction Stop)
    $files = $Method -match 'Files$'
    $dirs = $Method -match 'Directories$'
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($i in $items) {
        if ($files -and $i.PSIsContainer) { continue }
        if ($dirs -and -not $i.PSIsContainer) { continue }
        if ([string]$i.Name -notlike $pattern) { continue }
        $out.Add([string]$i.FullName)
    }
    return , ([string[]]$out.ToArray())
}

function Invoke-SimDotNetDirectory {
    param([string] $Method, [string] $Signature, [object[]] $A)
    $path = [string]$A[0]
    switch -Regex ($Method) {
        '^Exists$' {
            try { $p = Resolve-SimDotNetPath -Path $path -Class 'Directory' -Method $Method } catch { return $false }
            if ($p.Share) { return [bool](Test-Path -LiteralPath $p.Full -PathType Container -ErrorAction Ignore) }
            return ($null -ne $p.R -and $p.R.IsDirectory)
        }
        '^CreateDirectory$' {
            $p = Resolve-SimDotNetPath -Path $path -Class 'Directory' -Method $Method
            if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'Directory' -Method $Method -Path $path) }
            if ($null -eq $p.R) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
            if ($null -ne $p.R.File) { throw [System.IO.IOException]::new("Cannot create '$($p.Full)' because a file or directory with the same name already exists.", -2147024713) }
            # Every missing parent is created (https://learn.microsoft.com/dotnet/api/system.io.directory.createdirectory).
            if (-not $p.R.IsDirectory) { Invoke-SimDotNetCmdlet { $null = New-Item -ItemType Directory -Path $p.Full -Force -ErrorAction Stop } }
            return (Get-Item -LiteralPath $p.Full -Force -ErrorAction Stop)
        }
        '^Delete$' {
            $p = Resolve-SimDotNetPath -Path $path -Class 'Directory' -Method $Method
            if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'Directory' -Method $Method -Path $path) }
            if ($null -ne $p.R -and $null -ne $p.R.File) { throw [System.IO.IOException]::new("The directory name is invalid.`r`n", -2147024629) }
            if ($null -eq $p.R -or -not $p.R.IsDirectory) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
            $recursive = ($A.Count -gt 1 -and [bool]$A[1])
            if (-not $recursive -and @(Get-SimFsChildren -Machine $p.Machine -Resolved $p.R -Folder $p.R.Relative).Count -gt 0) {
                throw [System.IO.IOException]::new("The directory is not empty.`r`n", -2147024751)
            }
            Invoke-SimDotNetCmdlet { Remove-Item -LiteralPath $p.Full -Recurse -Force -ErrorAction Stop }
            return $null
        }
        '^(Get|Enumerate)(Files|Directories|FileSystemEntries)$' { return (Get-SimDotNetEntries -Path $path -Method $Method -A $A) }
        '^Move$' {
            $src = Resolve-SimDotNetPath -Path $path -Class 'Directory' -Method $Method
            $dst = Resolve-SimDotNetPath -Path ([string]$A[1]) -Class 'Directory' -Method $Method
            if ($src.Share -or $dst.Share) { throw (New-SimDotNetNotSimulated -Class 'Directory' -Method $Method -Path $path) }
            if ($null -eq $src.R -or ($null -eq $src.R.File -and -not $src.R.IsDirectory)) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($src.Full)'.") }
            if ($null -eq $dst.R -or -not $dst.Parent) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($dst.Full)'.") }
            if ($null -ne $dst.R.File -or $dst.R.IsDirectory) { throw [System.IO.IOException]::new("Cannot create a file when that file already exists.`r`n", -2147024713) }
            Invoke-SimDotNetCmdlet { Move-Item -LiteralPath $src.Full -Destination $dst.Full -Force -ErrorAction Stop }
            return $null
        }
    }
    throw (New-SimDotNetNotSimulated -Class 'Directory' -Method $Method -Path $path)
}

function Get-SimDotNetLetters {
    # 'C:\', 'R:\' ... for the simulated volumes with a letter (Environment/Directory.GetLogicalDrives).
    $machine = Read-SimMachine
    $letters = [System.Collections.Generic.SortedSet[string]]::new()
    foreach ($disk in @($machine.disks)) {
        foreach ($part in @($disk.partitions)) {
            if ($null -eq $part) { continue }
            $l = [string](Get-SimProp $part 'driveLetter' '')
            if ($l.Length -eq 1) { $null = $letters.Add($l.ToUpperInvariant() + ':\') }
        }
    }
    return , ([string[]]@($letters))
}

function Invoke-SimDotNetEnvironment {
    param([string] $Method, [object[]] $A)
    switch ($Method) {
        'GetEnvironmentVariable' {
            # Machine / User targets read the registry on Windows; the simulated SYSTEM process was started with them,
            # so the process value answers (ASSUMPTION: no variable was changed in the registry since).
            return [WinReFixSim.Environment]::GetEnvironmentVariable([string]$A[0])
        }
        'SetEnvironmentVariable' { throw [System.NotSupportedException]::new("Simulator: [System.Environment]::SetEnvironmentVariable with target $($A[2]) (the registry) is not simulated.") }
        'GetLogicalDrives' { return (Get-SimDotNetLetters) }
        'GetFolderPath' {
            $env = { param($n) [WinReFixSim.Environment]::GetEnvironmentVariable($n) }
            $root = & $env 'SystemRoot'
            $profile = & $env 'USERPROFILE'
            $map = @{
                'System' = $root + '\system32'; 'SystemX86' = $root + '\SysWOW64'; 'Windows' = $root
                'CommonApplicationData' = (& $env 'ProgramData'); 'ProgramFiles' = (& $env 'ProgramFiles'); 'ProgramFilesX86' = (& $env 'ProgramFiles(x86)')
                'CommonProgramFiles' = (& $env 'CommonProgramFiles'); 'CommonProgramFilesX86' = (& $env 'CommonProgramFiles(x86)')
                'ApplicationData' = (& $env 'APPDATA'); 'LocalApplicationData' = (& $env 'LOCALAPPDATA'); 'UserProfile' = $profile
                'Personal' = $profile + '\Documents'; 'Desktop' = $profile + '\Desktop'; 'CommonDocuments' = (& $env 'PUBLIC') + '\Documents'
                'Fonts' = $root + '\Fonts'; 'Resources' = $root + '\resources'
            }
            $key = ([System.Environment+SpecialFolder]$A[0]).ToString()
            if ($map.ContainsKey($key) -and -not [string]::IsNullOrEmpty($map[$key])) { return [string]$map[$key] }
            # ASSUMPTION: any other folder does not exist on the simulated PC, and GetFolderPath answers '' for a
            # folder that does not exist (SpecialFolderOption.None).
            return ''
        }
    }
    throw [System.NotSupportedException]::new("Simulator: [System.Environment]::$Method is not simulated.")
}

function Open-SimDotNetStream {
    # FileStream's modes on a simulated file (https://learn.microsoft.com/dotnet/api/system.io.filemode): the bytes
    # a stream starts from; creating or truncating is a write at once, as opening the file is on Windows.
    param([string] $Path, [System.IO.FileMode] $Mode, [System.IO.FileAccess] $Access)
    $p = Resolve-SimDotNetPath -Path $Path -Method 'Open'
    if ($p.Share) { throw (New-SimDotNetNotSimulated -Class 'File' -Method 'Open' -Path $Path) }
    if ($null -eq $p.R -or (-not $p.Parent -and -not $p.R.IsDirectory)) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($p.Full)'.") }
    if ($p.R.IsDirectory) { throw [System.UnauthorizedAccessException]::new("Access to the path '$($p.Full)' is denied.") }
    $exists = $null -ne $p.R.File
    switch ($Mode) {
        'CreateNew' { if ($exists) { throw [System.IO.IOException]::new("The file '$($p.Full)' already exists.", -2147024816) } }
        'Open' { if (-not $exists) { throw [System.IO.FileNotFoundException]::new("Could not find file '$($p.Full)'.", $p.Full) } }
        'Truncate' { if (-not $exists) { throw [System.IO.FileNotFoundException]::new("Could not find file '$($p.Full)'.", $p.Full) } }
    }
    if ($Access -ne [System.IO.FileAccess]::Read -and (Get-SimFsWriteDenied -Machine $p.Machine -Relative $p.R.Relative)) {
        throw [System.UnauthorizedAccessException]::new("Access to the path '$($p.Full)' is denied.")
    }
    $keep = $exists -and ($Mode -eq 'Open' -or $Mode -eq 'OpenOrCreate' -or $Mode -eq 'Append')
    if ($keep) { return , [byte[]](Get-SimDotNetBytes -Path $p.Full -Method 'Open') }
    if ($Access -eq [System.IO.FileAccess]::Read) { return , [byte[]]@() }
    Write-SimDotNetBytes -Path $p.Full -Bytes ([byte[]]@()) -Method 'FileStream'
    return , [byte[]]@()
}

function Invoke-SimDotNetCall {
    # The Bridge handler: one .NET member call on a Windows path.
    param([string] $Class, [string] $Method, [string] $Signature, [object[]] $Arguments)
    $ErrorActionPreference = 'Stop'
    switch ($Class) {
        'File' { return (Invoke-SimDotNetFile -Method $Method -Signature $Signature -A $Arguments) }
        'Directory' {
            if ($Method -eq 'GetLogicalDrives') { return (Get-SimDotNetLetters) }
            return (Invoke-SimDotNetDirectory -Method $Method -Signature $Signature -A $Arguments)
        }
        'Environment' { return (Invoke-SimDotNetEnvironment -Method $Method -A $Arguments) }
        'Stream' {
            if ($Method -eq 'Open') { return (Open-SimDotNetStream -Path ([string]$Arguments[0]) -Mode $Arguments[1] -Access $Arguments[2]) }
            Write-SimDotNetBytes -Path ([string]$Arguments[0]) -Bytes ([byte[]]$Arguments[1]) -Method 'FileStream'
            return $null
        }
    }
    throw [System.NotSupportedException]::new("Simulator: [$Class]::$Method is not simulated.")
}

# ------------------------------------------------------------------------------------------------------------
# [xml] documents: $xml.Save('C:\...') and $xml.Load('C:\...'). A type-data script method takes precedence over the
# adapted .NET method of the same name (about_Types.ps1xml), so other targets (a stream, a writer, a host path) go
# to the real method through reflection. What XmlDocument.Save(string) writes on Windows: an XmlTextWriter in the
# declaration's encoding (UTF-8 without BOM when there is none; a named encoding writes its BOM), indented unless
# PreserveWhitespace, lines ending CRLF (Environment.NewLine on Windows)
# (https://learn.microsoft.com/dotnet/api/system.xml.xmldocument.save).
# ------------------------------------------------------------------------------------------------------------

function ConvertTo-SimXmlBytes {
    param([Parameter(Mandatory = $true)][System.Xml.XmlDocument] $Document)
    $encoding = $null
    $decl = $Document.FirstChild
    if ($decl -is [System.Xml.XmlDeclaration] -and -not [string]::IsNullOrEmpty($decl.Encoding)) { $encoding = [System.Text.Encoding]::GetEncoding($decl.Encoding) }
    $stream = [System.IO.MemoryStream]::new()
    if ($null -eq $encoding) { $writer = [System.IO.StreamWriter]::new($stream) } else { $writer = [System.IO.StreamWriter]::new($stream, $encoding) }
    $writer.NewLine = "`r`n"
    $xml = [System.Xml.XmlTextWriter]::new($writer)
    if (-not $Document.PreserveWhitespace) { $xml.Formatting = [System.Xml.Formatting]::Indented }
    $Document.WriteTo($xml)
    $xml.Flush()
    $writer.Flush()
    return , [byte[]]$stream.ToArray()
}

function Install-SimXmlDocumentMembers {
    $save = {
        param($Target)
        if ($Target -is [string] -and [WinReFixSim.Bridge]::IsWindowsPath($Target)) {
            Write-SimDotNetBytes -Path $Target -Bytes (ConvertTo-SimXmlBytes -Document $this) -Method 'XmlDocument.Save'
            return
        }
        $type = [System.Xml.XmlDocument]
        foreach ($t in @([string], [System.IO.Stream], [System.IO.TextWriter], [System.Xml.XmlWriter])) {
            if ($Target -is $t) { $null = $type.GetMethod('Save', [type[]]@($t)).Invoke($this, @($Target)); return }
        }
        throw [System.ArgumentException]::new("Cannot save an XmlDocument to '$Target'.")
    }
    $load = {
        param($Source)
        if ($Source -is [string] -and [WinReFixSim.Bridge]::IsWindowsPath($Source)) {
            $stream = [System.IO.MemoryStream]::new([byte[]](Get-SimDotNetBytes -Path $Source -Method 'XmlDocument.Load'))
            $null = [System.Xml.XmlDocument].GetMethod('Load', [type[]]@([System.IO.Stream])).Invoke($this, @($stream))
            return
        }
        foreach ($t in @([string], [System.IO.Stream], [System.IO.TextReader], [System.Xml.XmlReader])) {
            if ($Source -is $t) { $null = [System.Xml.XmlDocument].GetMethod('Load', [type[]]@($t)).Invoke($this, @($Source)); return }
        }
        throw [System.ArgumentException]::new("Cannot load an XmlDocument from '$Source'.")
    }
    Microsoft.PowerShell.Utility\Update-TypeData -TypeName 'System.Xml.XmlDocument' -MemberType ScriptMethod -MemberName 'Save' -Value $save -Force
    Microsoft.PowerShell.Utility\Update-TypeData -TypeName 'System.Xml.XmlDocument' -MemberType ScriptMethod -MemberName 'Load' -Value $load -Force
}
