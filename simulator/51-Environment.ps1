# The Env: drive of the simulated PC: environment names are case-insensitive, as on Windows.
#
# Windows compares environment variable names case-insensitively and keeps each variable once, in the casing it
# was created with: $env:temp is $env:TEMP, Get-ChildItem Env: lists TEMP once, Test-Path Env:\sYsTeMrOoT is
# True, $env:Foo = 'x' then $env:FOO is 'x' (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables:
# "On Windows, environment variable names are case-insensitive ... on Linux and macOS ... case-sensitive").
# On Linux PowerShell's Environment provider is case-sensitive, so a script that writes $env:SystemRoot sees
# nothing of SYSTEMROOT. So on a non-Windows host the simulator replaces the Env: drive with one on
# SimEnvironment, a port of PowerShell's own EnvironmentProvider / SessionStateProviderBase
# (https://github.com/PowerShell/PowerShell/blob/master/src/System.Management.Automation/namespaces/EnvironmentProvider.cs,
# .../namespaces/SessionStateProviderBase.cs) whose name lookup is case-insensitive, as Windows' environment block
# makes the original one. The variables stay in the real process environment: programs started from the session
# (the simulated reagentc.exe, diskpart.exe ... on PATH) inherit them.
#
# $env:NAME is content of the Env: drive: PowerShell reads it with the drive provider's IContentReader and writes
# it with ClearContent + IContentWriter (engine/SessionStateVariableAPIs.cs GetVariableValueFromProvider /
# SetVariable), so the drive alone makes $env:X, ${env:ProgramFiles(x86)}, Get-Item, Set-Item, New-Item,
# Remove-Item, Clear-Item, Rename-Item, Copy-Item, Get-Content, Test-Path and Get-ChildItem case-insensitive.
#
# Rules where a name exists in several casings (Linux only; a Windows process cannot have that): a name is looked
# up exactly first, else its first casing in ordinal order; Get-ChildItem lists that one; setting a name writes the
# casing found and drops the others; removing it removes every casing.
# Setting an existing name in another casing keeps the casing it has (ASSUMPTION, as cmd's `set path=...` keeps
# `Path`: SetEnvironmentVariableW replaces the value of the variable it finds case-insensitively).
# DEVIATION: the drive's provider is named SimEnvironment (PowerShell ignores a second provider named
# Environment), `(Get-PSDrive Env).Provider.Name` says so.
#
# Cost: compiling the provider takes about a second, and the simulator loads in every session and every simulated
# program's process, so the compiled assembly is kept in the session's simulated-programs folder
# ($env:WINREFIX_SIM_BIN, content-addressed and checked by src/simulation/executables.ts) or, outside a session,
# in a folder of the user's own in the temp folder, named by the hash of the C# source and the PowerShell version;
# without a safe folder it is compiled in memory. bench/sim-env-drive.ts measures it.

Set-StrictMode -Version 3.0

$script:SimEnvProviderSource = @'
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Provider;

namespace WinReFix.Simulator
{
    /// Environment variables with Windows' case-insensitive names over the real process environment (simulator/51-Environment.ps1).
    [CmdletProvider("SimEnvironment", ProviderCapabilities.ShouldProcess)]
    public sealed class SimEnvironmentProvider : ContainerCmdletProvider, IContentCmdletProvider
    {
        /// The name under which a variable is stored: the exact name, else its first other casing (ordinal), else null.
        public static string StoredName(string name)
        {
            if (string.IsNullOrEmpty(name)) return null;
            if (Environment.GetEnvironmentVariable(name) != null) return name;
            string found = null;
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                string key = (string)entry.Key;
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && (found == null || string.CompareOrdinal(key, found) < 0))
                {
                    found = key;
                }
            }
            return found;
        }

        public static string GetValue(string name)
        {
            string stored = StoredName(name);
            return stored == null ? null : Environment.GetEnvironmentVariable(stored);
        }

        /// Sets a variable as Windows does: an existing name keeps its casing; null removes it. '' is a value, as
        /// PowerShell 7.5+ on .NET 9+ keeps it (https://learn.microsoft.com/dotnet/core/compatibility/core-libraries/9.0/empty-env-variable;
        /// Windows PowerShell 5.1 removes the variable instead).
        public static void SetValue(string name, string value)
        {
            if (value == null)
            {
                RemoveValue(name);
                return;
            }
            string stored = StoredName(name) ?? name;
            foreach (string other in Casings(name))
            {
                if (!string.Equals(other, stored, StringComparison.Ordinal)) Environment.SetEnvironmentVariable(other, null);
            }
            Environment.SetEnvironmentVariable(stored, value);
        }

        /// ExpandEnvironmentVariables with Windows' case-insensitive names (%systemroot% is %SystemRoot%): the .NET
        /// algorithm (an unknown %name% stays as written), with this provider's lookup.
        public static string Expand(string text)
        {
            if (string.IsNullOrEmpty(text) || text.IndexOf('%') < 0) return text;
            var builder = new System.Text.StringBuilder(text.Length);
            int last = 0, next;
            while (last < text.Length && (next = text.IndexOf('%', last + 1)) >= 0)
            {
                if (text[last] == '%')
                {
                    string value = next - last - 1 > 0 ? GetValue(text.Substring(last + 1, next - last - 1)) : null;
                    if (value != null)
                    {
                        builder.Append(value);
                        last = next + 1;
                        continue;
                    }
                }
                builder.Append(text, last, next - last);
                last = next;
            }
            builder.Append(text, last, text.Length - last);
            return builder.ToString();
        }

        public static void RemoveValue(string name)
        {
            foreach (string other in Casings(name)) Environment.SetEnvironmentVariable(other, null);
        }

        private static List<string> Casings(string name)
        {
            var result = new List<string>();
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                string key = (string)entry.Key;
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) result.Add(key);
            }
            return result;
        }

        /// EnvironmentProvider.GetSessionStateTable as on Windows: one entry per name, whatever its casings.
        private static Dictionary<string, DictionaryEntry> Table()
        {
            var table = new Dictionary<string, DictionaryEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                string key = (string)entry.Key;
                DictionaryEntry existing;
                if (table.TryGetValue(key, out existing) && string.CompareOrdinal((string)existing.Key, key) < 0) continue;
                table[key] = new DictionaryEntry(key, (string)entry.Value);
            }
            return table;
        }

        private static string ToText(object value)
        {
            if (value is DictionaryEntry) value = ((DictionaryEntry)value).Value;
            if (value == null) return null;
            string text = value as string;
            return text ?? PSObject.AsPSObject(value).ToString();
        }

        private static object Item(string name)
        {
            string value = GetValue(name);
            if (value == null) return null;
            return new DictionaryEntry(name, value);
        }

        /// EnvironmentProvider.SetSessionStateItem.
        private void SetEntry(string name, object value, bool writeItem)
        {
            string text = ToText(value);
            SetValue(name, text);
            if (text != null && writeItem) WriteItemObject(new DictionaryEntry(name, text), name, false);
        }

        protected override Collection<PSDriveInfo> InitializeDefaultDrives()
        {
            return new Collection<PSDriveInfo>();
        }

        protected override bool IsValidPath(string path)
        {
            return !string.IsNullOrEmpty(path);
        }

        protected override bool ItemExists(string path)
        {
            return string.IsNullOrEmpty(path) || GetValue(path) != null;
        }

        protected override void GetItem(string name)
        {
            Dictionary<string, DictionaryEntry> table = Table();
            if (string.IsNullOrEmpty(name))
            {
                WriteItemObject(table.Values, name, true);
                return;
            }
            DictionaryEntry entry;
            if (table.TryGetValue(name, out entry)) WriteItemObject(entry, name, false);
        }

        protected override void SetItem(string name, object value)
        {
            if (string.IsNullOrEmpty(name))
            {
                WriteError(new ErrorRecord(new ArgumentNullException("name"), "SetItemNullName", ErrorCategory.InvalidArgument, name));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0} Value: {1}", name, value), "Set Item"))
            {
                SetEntry(name, value, true);
            }
        }

        protected override void ClearItem(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentNullException("path"), "ClearItemNullPath", ErrorCategory.InvalidArgument, path));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0}", path), "Clear Item")) SetEntry(path, null, false);
        }

        /// The variables sorted by name ignoring case: Get-ChildItem sorts them so (SessionStateProviderBase), and a
        /// Windows environment block is kept in that order, which is the order wildcard matches come in.
        private static List<DictionaryEntry> Sorted()
        {
            var entries = new List<DictionaryEntry>(Table().Values);
            entries.Sort((left, right) => StringComparer.CurrentCultureIgnoreCase.Compare((string)left.Key, (string)right.Key));
            return entries;
        }

        protected override void GetChildItems(string path, bool recurse)
        {
            if (string.IsNullOrEmpty(path))
            {
                foreach (DictionaryEntry entry in Sorted()) WriteItemObject(entry, (string)entry.Key, false);
                return;
            }
            object item = Item(path);
            if (item != null) WriteItemObject(item, path, false);
        }

        protected override void GetChildNames(string path, ReturnContainers returnContainers)
        {
            if (string.IsNullOrEmpty(path))
            {
                foreach (DictionaryEntry entry in Sorted()) WriteItemObject(entry.Key, (string)entry.Key, false);
                return;
            }
            if (Item(path) != null) WriteItemObject(path, path, false);
        }

        protected override bool HasChildItems(string path)
        {
            return string.IsNullOrEmpty(path) && Table().Count > 0;
        }

        protected override void RemoveItem(string path, bool recurse)
        {
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentException("path"), "RemoveItemNullPath", ErrorCategory.InvalidArgument, path));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0}", path), "Remove Item")) RemoveValue(path);
        }

        protected override void NewItem(string path, string type, object newItem)
        {
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentException("path"), "NewItemNullPath", ErrorCategory.InvalidArgument, path));
                return;
            }
            if (newItem == null)
            {
                WriteError(new ErrorRecord(new ArgumentNullException("value"), "NewItemValueNotSpecified", ErrorCategory.InvalidArgument, path));
                return;
            }
            if (ItemExists(path) && !Force)
            {
                var e = new PSArgumentException(string.Format("The item at path '{0}' already exists.", path), "path");
                WriteError(new ErrorRecord(e.ErrorRecord, e));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0} Type: {1} Value: {2}", path, type, newItem), "New Item"))
            {
                SetItem(path, newItem);
            }
        }

        protected override void CopyItem(string path, string copyPath, bool recurse)
        {
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentException("path"), "CopyItemNullPath", ErrorCategory.InvalidArgument, path));
                return;
            }
            if (string.IsNullOrEmpty(copyPath))
            {
                GetItem(path);
                return;
            }
            string value = GetValue(path);
            if (value == null)
            {
                var e = new PSArgumentException(string.Format("Cannot copy item. Item at the path '{0}' does not exist.", path), "path");
                WriteError(new ErrorRecord(e.ErrorRecord, e));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0} Destination: {1}", path, copyPath), "Copy Item"))
            {
                SetEntry(copyPath, value, true);
            }
        }

        protected override void RenameItem(string name, string newName)
        {
            if (string.IsNullOrEmpty(name))
            {
                WriteError(new ErrorRecord(new ArgumentException("name"), "RenameItemNullPath", ErrorCategory.InvalidArgument, name));
                return;
            }
            string value = GetValue(name);
            if (value == null)
            {
                var e = new PSArgumentException(string.Format("The item at the path '{0}' does not exist.", name), "name");
                WriteError(new ErrorRecord(e.ErrorRecord, e));
                return;
            }
            if (ItemExists(newName) && !Force && !string.Equals(name, newName, StringComparison.OrdinalIgnoreCase))
            {
                var e = new PSArgumentException(string.Format("The item at path '{0}' already exists.", newName), "newName");
                WriteError(new ErrorRecord(e.ErrorRecord, e));
                return;
            }
            if (ShouldProcess(string.Format(Host.CurrentCulture, "Item: {0} NewName: {1}", name, newName), "Rename Item"))
            {
                if (string.Equals(name, newName, StringComparison.OrdinalIgnoreCase))
                {
                    GetItem(newName);
                    return;
                }
                SetEntry(newName, value, true);
                RemoveValue(name);
            }
        }

        public IContentReader GetContentReader(string path)
        {
            return new ContentReaderWriter(path);
        }

        public IContentWriter GetContentWriter(string path)
        {
            return new ContentReaderWriter(path);
        }

        public void ClearContent(string path)
        {
            throw new NotSupportedException("Cannot perform the ClearContent operation. The ClearContent operation is not supported by this provider.");
        }

        public object GetContentReaderDynamicParameters(string path) { return null; }

        public object GetContentWriterDynamicParameters(string path) { return null; }

        public object ClearContentDynamicParameters(string path) { return null; }

        /// SessionStateProviderBaseContentReaderWriter: the value is read once; a write sets it ($null removes it).
        private sealed class ContentReaderWriter : IContentReader, IContentWriter
        {
            private readonly string _path;
            private bool _read;

            public ContentReaderWriter(string path)
            {
                if (string.IsNullOrEmpty(path)) throw new ArgumentException("path");
                _path = path;
            }

            public IList Read(long readCount)
            {
                if (_read) return null;
                string value = GetValue(_path);
                if (value == null) return null;
                _read = true;
                return new object[] { value };
            }

            public IList Write(IList content)
            {
                if (content == null) throw new ArgumentNullException("content");
                object value = content.Count == 1 ? content[0] : content;
                SetValue(_path, ToText(value));
                return content;
            }

            public void Seek(long offset, SeekOrigin origin)
            {
                throw new NotSupportedException("Cannot call method. The content Seek method is not supported by this provider.");
            }

            public void Close() { }

            public void Dispose() { }
        }
    }
}
'@

# The drive's description, as Windows PowerShell's Env: drive has it (SessionStateStrings.EnvironmentDriveDescription).
$script:SimEnvDriveDescription = 'Drive that contains a view of the environment variables for the process'

function Get-SimEnvCacheFolder {
    # Where the compiled provider is kept: the session's programs folder ($env:WINREFIX_SIM_BIN, which
    # src/simulation/executables.ts only hands out when this user owns it and nobody else may write to it), else a
    # folder of this user's in the temp folder under the same rule (a process started outside a session: the
    # generated-script tests); $null when neither is safe (then the provider is compiled in memory).
    $folder = [string][System.Environment]::GetEnvironmentVariable('WINREFIX_SIM_BIN')
    if (-not [string]::IsNullOrEmpty($folder) -and [System.IO.Directory]::Exists($folder)) { return $folder }
    try {
        # This process's user id: the owner of a file it creates.
        $probe = [System.IO.Path]::GetTempFileName()
        try { $uid = (Microsoft.PowerShell.Management\Get-Item -LiteralPath $probe).UnixStat.UserId }
        finally { [System.IO.File]::Delete($probe) }
        $folder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'winre-fix-sim-envdrive-' + [string]$uid)
        $null = [System.IO.Directory]::CreateDirectory($folder, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        $stat = (Microsoft.PowerShell.Management\Get-Item -LiteralPath $folder -Force).UnixStat
        $othersWrite = [int]([System.IO.UnixFileMode]'GroupWrite, OtherWrite')
        if ($stat.ItemType -eq 'Directory' -and $stat.UserId -eq $uid -and ($stat.Mode -band $othersWrite) -eq 0) { return $folder }
    } catch {
        return $null
    }
    return $null
}

function Get-SimEnvProviderAssembly {
    # The compiled provider: already loaded in this process, else the cached DLL (Get-SimEnvCacheFolder; compiled
    # there once, written under a temporary name and renamed so concurrent processes never load half a file), else
    # compiled in memory.
    $type = 'WinReFix.Simulator.SimEnvironmentProvider' -as [type]
    if ($null -ne $type) { return $type.Assembly }
    $folder = Get-SimEnvCacheFolder
    if ($null -eq $folder) {
        $types = Add-Type -TypeDefinition $script:SimEnvProviderSource -PassThru
        return @($types)[0].Assembly
    }
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($script:SimEnvProviderSource + "`0" + $PSVersionTable.PSVersion.ToString()))
    } finally { $sha.Dispose() }
    $hash = ([System.BitConverter]::ToString($bytes, 0, 8)).Replace('-', '').ToLowerInvariant()
    $dll = [System.IO.Path]::Combine($folder, 'SimEnvironment-' + $hash + '.dll')
    if (-not [System.IO.File]::Exists($dll)) {
        $staging = [System.IO.Path]::Combine($folder, 'SimEnvironment-' + $hash + '-' + [guid]::NewGuid().ToString('N') + '.tmp')
        Add-Type -TypeDefinition $script:SimEnvProviderSource -OutputAssembly $staging -OutputType Library
        try {
            [System.IO.File]::Move($staging, $dll)
        } catch {
            # Another process renamed its copy first: same source, same bytes' meaning; use that one.
            [System.IO.File]::Delete($staging)
        }
    }
    return [System.Reflection.Assembly]::LoadFrom($dll)
}

function Expand-SimEnvironmentText {
    # %NAME% expanded as Windows expands it, names in any casing (the registry's ExpandString values, 50-System.ps1).
    param([string] $Text)
    $type = 'WinReFix.Simulator.SimEnvironmentProvider' -as [type]
    if ($null -eq $type) { return [System.Environment]::ExpandEnvironmentVariables($Text) }
    return $type::Expand($Text)
}

function Enable-SimEnvDrive {
    # Mounts Env: on SimEnvironment, globally (every scope and module finds it). Not on Windows, whose own Env: is
    # already case-insensitive.
    if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) { return }
    $current = Microsoft.PowerShell.Management\Get-PSDrive -Name Env -Scope Global -ErrorAction Ignore
    if ($null -ne $current -and $current.Provider.Name -eq 'SimEnvironment') { return }
    if ($null -eq (Microsoft.PowerShell.Management\Get-PSProvider -PSProvider SimEnvironment -ErrorAction Ignore)) {
        Microsoft.PowerShell.Core\Import-Module -Assembly (Get-SimEnvProviderAssembly) -Global
    }
    if ($null -ne $current) { Microsoft.PowerShell.Management\Remove-PSDrive -Name Env -Scope Global -Force }
    $null = Microsoft.PowerShell.Management\New-PSDrive -Name Env -PSProvider SimEnvironment -Root '' -Scope Global -Description $script:SimEnvDriveDescription
}

function Disable-SimEnvDrive {
    # Puts PowerShell's own Env: drive back (the simulator module is removed: a shared process's next session).
    $current = Microsoft.PowerShell.Management\Get-PSDrive -Name Env -Scope Global -ErrorAction Ignore
    if ($null -ne $current -and $current.Provider.Name -ne 'SimEnvironment') { return }
    if ($null -ne $current) { Microsoft.PowerShell.Management\Remove-PSDrive -Name Env -Scope Global -Force }
    $null = Microsoft.PowerShell.Management\New-PSDrive -Name Env -PSProvider Microsoft.PowerShell.Core\Environment -Root '' -Scope Global -Description $script:SimEnvDriveDescription
}

if ($null -ne $ExecutionContext.SessionState.Module) {
    $ExecutionContext.SessionState.Module.OnRemove = { Disable-SimEnvDrive }
}
