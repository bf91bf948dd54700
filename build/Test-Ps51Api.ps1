# Static Windows PowerShell 5.1 API check (docs/ps51-check.md). Beside build/Test-PsCompatibility.ps1, which
# rejects 7-only SYNTAX, this checks that what a script CALLS exists where winre-fix runs (Windows PowerShell 5.1
# on .NET Framework 4.8, Windows 10 1809 and later), and lints the behaviours that differ between 5.1 and 7.
#
# Usage: pwsh -NoProfile -NonInteractive -File build/Test-Ps51Api.ps1 [-Net48 <dir>] [-Sma <dir>] [-Data <json>]
#          [-Library <dir>] <file-or-folder> [...]
# Folders are searched recursively for *.ps1. Prints ONE JSON document on stdout:
#   { "tool": "Test-Ps51Api", "ok": bool, "files": [paths], "findings": [ {file, line, column, rule, construct,
#     message} ], "allowed": [ {file, line, rule, construct, reason} ], "seconds": n,
#     "stats": { assemblies, types, commands, indexSeconds } }   (seconds: the whole check; indexSeconds: the part
#     spent loading the data and the reference assemblies, before the first file)
# Exit code 0 = no finding, 1 = findings, 2 = bad usage or missing inputs.
#
# Each file is parsed with PowerShell's own parser ([System.Management.Automation.Language.Parser]::ParseFile) and
# its AST is checked for:
#  unknown-command / unknown-parameter / ambiguous-parameter: every command and named parameter must exist in
#    Windows PowerShell 5.1 or the Windows 10 1809 modules (test/data/ps51-commands.json, generated from Microsoft's
#    cmdlet reference by build/gen-ps51-commands.ts), unless the command is a function of -Library (ps-scripts/lib)
#    or of the file itself (then its own param() block is used), or a Windows program (*.exe, or $NativePrograms).
#  unknown-type / unknown-member: every type literal ([T], casts, parameter types, attributes, New-Object T) and
#    every static member ([T]::M, [T]::new) must exist in the .NET Framework 4.8 reference assemblies or
#    System.Management.Automation 5.1 (NuGet Microsoft.NETFramework.ReferenceAssemblies.net48 1.0.3 and
#    PowerShellStandard.Library 5.1.1, restored by build/ps51-refs.cjs), read with System.Reflection.Metadata.
#  native-stderr-under-stop: a native program whose stderr is redirected (2>$null, 2>&1, *>...) while
#    $ErrorActionPreference is 'Stop'. In 5.1 each redirected stderr line becomes an ErrorRecord and 'Stop' makes
#    the first one throw; since 7.2 it does not (about_Preference_Variables, 7.4: "Beginning in PowerShell 7.2,
#    error records redirected from native commands ... aren't written to the $Error variable and the preference
#    variable $ErrorActionPreference doesn't affect the redirected output"; What's New in PowerShell 7.2:
#    PSNotApplyErrorActionToStderr became mainstream).
#  split-string-separator: '<text>'.Split('<two or more characters>'). .NET Framework 4.8 has no
#    String.Split(String) overload, so the string binds to Split(params char[]) and splits at EACH character;
#    .NET Core 2.0+ (PowerShell 7) splits at the whole string (learn.microsoft.com/dotnet/api/system.string.split).
#  string-method-overload: a method called on a string ('text'.M(...), "text".M(...), ([string]$x).M(...)) that
#    System.String of .NET Framework 4.8 has no overload for, by name and argument count
#    ('a'.Contains('A', [StringComparison]::OrdinalIgnoreCase) is .NET Core 2.1+ only).
#  utf8-bom: -Encoding UTF8 on a writing cmdlet writes a BOM in 5.1 and none in 7 (about_Character_Encoding,
#    5.1 and 7.4 pages).
#  convertfrom-json-pipeline: ConvertFrom-Json piped on to another command. 5.1 sends a JSON array down the pipeline
#    as ONE object, 7 enumerates it (ConvertFrom-Json 7.4 page, -NoEnumerate).
#  join-path-child-paths: Join-Path with more than two positional paths; 5.1 has no -AdditionalChildPath (Join-Path
#    5.1 and 7.4 pages).
# An exception is allowed on its line or the line above with a comment that gives the reason:
#   # ps51-allow <rule>: <reason>
# A marker without a reason is itself a finding (allow-without-reason).
# Limits: commands reached by splatting (@params) or built at run time, parameters passed by splatting, instance
# members other than .Split, and types only loaded by Add-Type are not seen. The checker itself needs PowerShell 7
# (System.Reflection.Metadata); it parses on 5.1 (the syntax check covers this file too).

[CmdletBinding(PositionalBinding = $false)]
param(
    [string] $Net48,
    [string] $Sma,
    [string] $Data,
    [string] $Library,
    [Parameter(ValueFromRemainingArguments = $true)][string[]] $Path
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$started = [System.Diagnostics.Stopwatch]::StartNew()
$root = Split-Path -Parent $PSScriptRoot

function Exit-Usage([string] $Message) {
    [Console]::Error.WriteLine($Message)
    exit 2
}

if ($PSVersionTable.PSVersion.Major -lt 7) { Exit-Usage 'Test-Ps51Api.ps1 runs under PowerShell 7 (it reads assemblies with System.Reflection.Metadata).' }
if ($null -eq $Path -or $Path.Count -eq 0) { Exit-Usage 'Usage: Test-Ps51Api.ps1 [-Net48 dir] [-Sma dir] [-Data json] [-Library dir] <file-or-folder> [...]' }
$refs = [System.IO.Path]::Combine($root, '.tools', 'ps51-refs')
if ([string]::IsNullOrEmpty($Net48)) { $Net48 = [System.IO.Path]::Combine($refs, 'microsoft.netframework.referenceassemblies.net48', '1.0.3', 'build', '.NETFramework', 'v4.8') }
if ([string]::IsNullOrEmpty($Sma)) { $Sma = [System.IO.Path]::Combine($refs, 'powershellstandard.library', '5.1.1', 'lib', 'net452') }
if ([string]::IsNullOrEmpty($Data)) { $Data = [System.IO.Path]::Combine($root, 'test', 'data', 'ps51-commands.json') }
if ([string]::IsNullOrEmpty($Library)) { $Library = [System.IO.Path]::Combine($root, 'ps-scripts', 'lib') }
foreach ($required in @($Net48, $Sma)) {
    if (-not (Test-Path -LiteralPath $required -PathType Container)) { Exit-Usage "Reference assemblies not found: $required (run: node build/ensure-pwsh.mjs)" }
}
if (-not (Test-Path -LiteralPath $Data -PathType Leaf)) { Exit-Usage "Command data not found: $Data" }

# Windows programs the scripts may start by name (https://learn.microsoft.com/windows-server/administration/windows-commands/windows-commands).
$NativePrograms = @('reagentc', 'diskpart', 'bcdedit', 'cmd', 'manage-bde', 'schtasks', 'icacls', 'takeown', 'robocopy',
    'dism', 'powershell', 'whoami', 'wevtutil', 'fsutil', 'mountvol', 'chkdsk', 'attrib', 'reg', 'sc', 'shutdown')
$WritingCmdlets = @('Out-File', 'Set-Content', 'Add-Content', 'Export-Csv', 'Export-Clixml')

# --- command data -----------------------------------------------------------------------------------------------
$commandData = ConvertFrom-Json -InputObject (Get-Content -LiteralPath $Data -Raw)
$commands = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
$aliases = New-Object 'System.Collections.Generic.Dictionary[string,string]' ([System.StringComparer]::OrdinalIgnoreCase)
foreach ($entry in $commandData.commands.PSObject.Properties) {
    $names = New-Object System.Collections.Generic.List[string]
    foreach ($p in @($entry.Value.parameters)) {
        $names.Add($p.name)
        foreach ($a in @($p.aliases)) { $names.Add($a) }
    }
    $commands[$entry.Name] = @{ module = $entry.Value.module; source = $entry.Value.source; names = $names.ToArray() }
    foreach ($a in @($entry.Value.aliases)) { $aliases[$a] = $entry.Name }
}
$commonNames = New-Object System.Collections.Generic.List[string]
foreach ($entry in $commandData.commonParameters.parameters.PSObject.Properties) {
    # WhatIf/Confirm exist only where a cmdlet supports ShouldProcess; its own page lists them.
    if ($entry.Name -ne 'WhatIf' -and $entry.Name -ne 'Confirm') {
        $commonNames.Add($entry.Name)
        foreach ($a in @($entry.Value)) { $commonNames.Add($a) }
    }
}
$accelerators = New-Object 'System.Collections.Generic.Dictionary[string,string]' ([System.StringComparer]::OrdinalIgnoreCase)
foreach ($entry in @($commandData.typeAccelerators.accelerators)) { $accelerators[$entry.name] = [string]$entry.type }

# --- reference assemblies ---------------------------------------------------------------------------------------
# Full type name (nested types with '+', generics with `N) -> @{ Reader; Handle }. Public types only.
$types = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
$readers = New-Object System.Collections.Generic.List[object]
$assemblyFiles = @(Get-ChildItem -LiteralPath $Net48 -Filter '*.dll' -File) + @(Get-ChildItem -LiteralPath $Sma -Filter '*.dll' -File)
foreach ($file in $assemblyFiles) {
    $stream = [System.IO.File]::OpenRead($file.FullName)
    $pe = New-Object System.Reflection.PortableExecutable.PEReader($stream)
    if (-not $pe.HasMetadata) { continue }
    $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
    $readers.Add($pe)
    foreach ($handle in $reader.TypeDefinitions) {
        $def = $reader.GetTypeDefinition($handle)
        $visibility = [int]$def.Attributes -band 7
        if ($visibility -ne 1 -and $visibility -ne 2) { continue }
        $name = $reader.GetString($def.Name)
        $declaring = $def.GetDeclaringType()
        if ($declaring.IsNil) {
            if ($visibility -ne 1) { continue }
            $ns = $reader.GetString($def.Namespace)
            $full = $(if ($ns) { $ns + '.' + $name } else { $name })
        } else {
            if ($visibility -ne 2) { continue }
            $outer = $declaring
            $full = $name
            $public = $true
            while (-not $outer.IsNil) {
                $o = $reader.GetTypeDefinition($outer)
                $ov = [int]$o.Attributes -band 7
                if ($ov -ne 1 -and $ov -ne 2) { $public = $false }
                $full = $reader.GetString($o.Name) + '+' + $full
                $next = $o.GetDeclaringType()
                if ($next.IsNil) {
                    $ns = $reader.GetString($o.Namespace)
                    if ($ns) { $full = $ns + '.' + $full }
                }
                $outer = $next
            }
            if (-not $public) { continue }
        }
        if (-not $types.ContainsKey($full)) { $types[$full] = @{ Reader = $reader; Handle = $handle } }
    }
}

$indexSeconds = [int]$started.Elapsed.TotalMilliseconds / 1000

function Resolve-TypeName {
    # The full name of a type as 5.1 would resolve it, or $null. $Name: as written ('IO.File', 'int',
    # 'System.Collections.Generic.List`1').
    param([string] $Name)
    if ($accelerators.ContainsKey($Name)) { return $accelerators[$Name] }
    foreach ($candidate in @($Name, ('System.' + $Name))) {
        if ($types.ContainsKey($candidate)) { return $candidate }
    }
    return $null
}

function Get-BaseTypeName {
    param($Entry)
    $reader = $Entry.Reader
    $def = $reader.GetTypeDefinition($Entry.Handle)
    $base = $def.BaseType
    if ($base.IsNil) { return $null }
    switch ([string]$base.Kind) {
        'TypeDefinition' {
            $b = $reader.GetTypeDefinition([System.Reflection.Metadata.TypeDefinitionHandle]$base)
            return ($reader.GetString($b.Namespace) + '.' + $reader.GetString($b.Name))
        }
        'TypeReference' {
            $b = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$base)
            return ($reader.GetString($b.Namespace) + '.' + $reader.GetString($b.Name))
        }
    }
    return $null
}

$memberCache = @{}
function Get-StaticMembers {
    # Public static methods, properties, fields and events of a type and its base types (PowerShell's static
    # adapter flattens the hierarchy), plus 'new' when it has a public constructor.
    param([string] $FullName)
    if ($memberCache.ContainsKey($FullName)) { return $memberCache[$FullName] }
    $names = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
    $current = $FullName
    $first = $true
    while ($null -ne $current -and $types.ContainsKey($current)) {
        $entry = $types[$current]
        $reader = $entry.Reader
        $def = $reader.GetTypeDefinition($entry.Handle)
        foreach ($mh in $def.GetMethods()) {
            $m = $reader.GetMethodDefinition($mh)
            $attrs = [int]$m.Attributes
            if (($attrs -band 7) -ne 6) { continue }           # Public
            $mname = $reader.GetString($m.Name)
            if ($mname -eq '.ctor') { if ($first) { [void]$names.Add('new') }; continue }
            if (($attrs -band 0x10) -eq 0) { continue }        # Static
            [void]$names.Add($mname)
            if ($mname.StartsWith('get_') -or $mname.StartsWith('set_') -or $mname.StartsWith('add_') -or $mname.StartsWith('remove_')) {
                [void]$names.Add($mname.Substring($mname.IndexOf('_') + 1))
            }
        }
        foreach ($fh in $def.GetFields()) {
            $f = $reader.GetFieldDefinition($fh)
            $attrs = [int]$f.Attributes
            if (($attrs -band 7) -eq 6 -and ($attrs -band 0x10) -ne 0) { [void]$names.Add($reader.GetString($f.Name)) }
        }
        # Value types have a default constructor PowerShell calls as ::new() although metadata declares none.
        if ($first -and (Get-BaseTypeName $entry) -in @('System.ValueType', 'System.Enum')) { [void]$names.Add('new') }
        $first = $false
        $current = Get-BaseTypeName $entry
    }
    $memberCache[$FullName] = $names
    return $names
}

function Test-ParamArray {
    # True when a parameter carries [ParamArray] (C# params): a call may pass any number of arguments there.
    param($Reader, $Parameter)
    foreach ($ah in $Parameter.GetCustomAttributes()) {
        $ctor = $Reader.GetCustomAttribute($ah).Constructor
        $typeName = $null
        if ([string]$ctor.Kind -eq 'MethodDefinition') {
            $md = $Reader.GetMethodDefinition([System.Reflection.Metadata.MethodDefinitionHandle]$ctor)
            $typeName = $Reader.GetString($Reader.GetTypeDefinition($md.GetDeclaringType()).Name)
        } elseif ([string]$ctor.Kind -eq 'MemberReference') {
            $mr = $Reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$ctor)
            if ([string]$mr.Parent.Kind -eq 'TypeReference') {
                $typeName = $Reader.GetString($Reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$mr.Parent).Name)
            }
        }
        if ($typeName -eq 'ParamArrayAttribute') { return $true }
    }
    return $false
}

$instanceCache = @{}
function Get-InstanceMethods {
    # Method name -> list of @{ Count = <parameters>; Params = <last one is params> } for the public instance
    # methods of a type and its base types.
    param([string] $FullName)
    if ($instanceCache.ContainsKey($FullName)) { return $instanceCache[$FullName] }
    $methods = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
    $current = $FullName
    while ($null -ne $current -and $types.ContainsKey($current)) {
        $entry = $types[$current]
        $reader = $entry.Reader
        foreach ($mh in $reader.GetTypeDefinition($entry.Handle).GetMethods()) {
            $m = $reader.GetMethodDefinition($mh)
            $attrs = [int]$m.Attributes
            if (($attrs -band 7) -ne 6 -or ($attrs -band 0x10) -ne 0) { continue }   # Public, not Static
            $name = $reader.GetString($m.Name)
            $blob = $reader.GetBlobReader($m.Signature)
            $header = $blob.ReadSignatureHeader()
            if ($header.IsGeneric) { [void]$blob.ReadCompressedInteger() }
            $count = $blob.ReadCompressedInteger()
            $params = $false
            foreach ($ph in $m.GetParameters()) {
                if (Test-ParamArray $reader $reader.GetParameter($ph)) { $params = $true }
            }
            if (-not $methods.ContainsKey($name)) { $methods[$name] = New-Object System.Collections.Generic.List[object] }
            $methods[$name].Add(@{ Count = $count; Params = $params })
        }
        $current = Get-BaseTypeName $entry
    }
    $instanceCache[$FullName] = $methods
    return $methods
}

# --- project functions ------------------------------------------------------------------------------------------
function Get-FunctionTable {
    # Function name -> @{ Parameters = [names]; Advanced = bool } for every function among $Nodes (all the nodes of
    # a file: one walk of the AST serves every rule).
    param($Nodes, $Table)
    foreach ($fn in $Nodes) {
        if ($fn -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { continue }
        $parameters = New-Object System.Collections.Generic.List[string]
        $advanced = $false
        $block = $fn.Body.ParamBlock
        $list = $(if ($null -ne $block) { $block.Parameters } else { $fn.Parameters })
        if ($null -ne $block) {
            foreach ($attr in $block.Attributes) { if ($attr.TypeName.Name -eq 'CmdletBinding') { $advanced = $true } }
        }
        foreach ($p in @($list)) {
            if ($null -eq $p) { continue }
            $parameters.Add($p.Name.VariablePath.UserPath)
            foreach ($attr in $p.Attributes) {
                if ($attr -is [System.Management.Automation.Language.AttributeAst]) {
                    if ($attr.TypeName.Name -eq 'Parameter') { $advanced = $true }
                    if ($attr.TypeName.Name -eq 'Alias') { foreach ($arg in $attr.PositionalArguments) { $parameters.Add([string]$arg.SafeGetValue()) } }
                }
            }
        }
        $Table[$fn.Name] = @{ Parameters = $parameters.ToArray(); Advanced = $advanced }
    }
}
$libraryFunctions = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
if (Test-Path -LiteralPath $Library -PathType Container) {
    foreach ($f in @(Get-ChildItem -LiteralPath $Library -Filter '*.ps1' -File)) {
        $libAst = [System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$null, [ref]$null)
        Get-FunctionTable $libAst.FindAll({ $true }, $true) $libraryFunctions
    }
}

# --- findings ---------------------------------------------------------------------------------------------------
$findings = New-Object System.Collections.Generic.List[object]
$allowed = New-Object System.Collections.Generic.List[object]

function Add-Finding {
    param([string] $File, $Extent, [string] $Rule, [string] $Construct, [string] $Message, [string[]] $Lines)
    $line = $Extent.StartLineNumber
    foreach ($n in @($line, ($line - 1))) {
        if ($n -lt 1 -or $n -gt $Lines.Count) { continue }
        $m = [regex]::Match($Lines[$n - 1], '#\s*ps51-allow\s+([a-z0-9-]+)\s*:?\s*(.*)$')
        if ($m.Success -and $m.Groups[1].Value -eq $Rule) {
            if ($m.Groups[2].Value.Trim().Length -gt 0) {
                $allowed.Add([ordered]@{ file = $File; line = $line; rule = $Rule; construct = $Construct; reason = $m.Groups[2].Value.Trim() })
                return
            }
            $Message = $Message + ' (The ps51-allow marker on line ' + $n + ' gives no reason, so it allows nothing: write # ps51-allow ' + $Rule + ': <why this is right on 5.1 and 7>.)'
            $Rule = 'allow-without-reason'
            break
        }
    }
    $findings.Add([ordered]@{
            file      = $File
            line      = $line
            column    = $Extent.StartColumnNumber
            rule      = $Rule
            construct = $Construct
            message   = $Message
        })
}

function Get-TypeNameText {
    # The name to look up for an ITypeName: generic definitions as Name`N, arrays by element type.
    param($TypeName)
    if ($TypeName -is [System.Management.Automation.Language.ArrayTypeName]) { return (Get-TypeNameText $TypeName.ElementType) }
    if ($TypeName -is [System.Management.Automation.Language.GenericTypeName]) {
        return ($TypeName.TypeName.FullName + '`' + $TypeName.GenericArguments.Count)
    }
    return $TypeName.FullName
}

function Test-TypeName {
    # Checks a type name and its generic arguments; returns the resolved full name of the outer type or $null.
    param([string] $File, $TypeName, $Extent, [string[]] $Lines, $Local)
    if ($TypeName -is [System.Management.Automation.Language.ArrayTypeName]) { return (Test-TypeName $File $TypeName.ElementType $Extent $Lines $Local) }
    if ($TypeName -is [System.Management.Automation.Language.GenericTypeName]) {
        foreach ($g in $TypeName.GenericArguments) { [void](Test-TypeName $File $g $Extent $Lines $Local) }
    }
    $text = Get-TypeNameText $TypeName
    if ($text -eq 'ordered' -or $Local.Contains($text)) { return $null }
    $full = Resolve-TypeName $text
    if ($null -eq $full) {
        Add-Finding $File $Extent 'unknown-type' ('[' + $TypeName.FullName + ']') ("[$($TypeName.FullName)] is not a type of .NET Framework 4.8 or System.Management.Automation 5.1, nor a 5.1 type accelerator (about_Type_Accelerators).") $Lines
    }
    return $full
}

function Test-AttributeName {
    param([string] $File, $Attribute, [string[]] $Lines)
    $name = $Attribute.TypeName.FullName
    foreach ($candidate in @($name, ($name + 'Attribute'))) {
        if ($null -ne (Resolve-TypeName $candidate)) { return }
    }
    Add-Finding $File $Attribute.Extent 'unknown-type' ('[' + $name + '()]') "[$name()] is not an attribute of .NET Framework 4.8 or System.Management.Automation 5.1." $Lines
}

function Resolve-Parameter {
    # 'ok', 'unknown' or 'ambiguous' for a parameter name as written, against the names a command accepts.
    param([string] $Given, [string[]] $Names)
    $hits = 0
    foreach ($n in $Names) {
        if ($n -eq $Given) { return 'ok' }
        if ($n.StartsWith($Given, [System.StringComparison]::OrdinalIgnoreCase)) { $hits++ }
    }
    if ($hits -eq 1) { return 'ok' }
    if ($hits -gt 1) { return 'ambiguous' }
    return 'unknown'
}

function Get-ErrorActionAt {
    # The value of $ErrorActionPreference a statement runs with: the last assignment before it (any scope prefix)
    # in the innermost enclosing script block that has one; a value that is not clearly another one counts as Stop. Scripts and the bridge set 'Stop' (docs/architecture.md), so a
    # library function without an assignment of its own runs under 'Stop'.
    param($Node, $Ast)
    $block = $Node.Parent
    while ($null -ne $block) {
        if ($block -is [System.Management.Automation.Language.ScriptBlockAst]) {
            $last = $null
            $scope = $block
            $assignments = @($block.FindAll({ param($n)
                        $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and
                        $n.Left -is [System.Management.Automation.Language.VariableExpressionAst] -and
                        ($n.Left.VariablePath.UserPath -replace '^(script|global|local|private):', '') -eq 'ErrorActionPreference' }, $true))
            foreach ($a in $assignments) {
                $owner = $a.Parent
                while ($null -ne $owner -and $owner -isnot [System.Management.Automation.Language.ScriptBlockAst]) { $owner = $owner.Parent }
                if (-not [object]::ReferenceEquals($owner, $scope)) { continue }
                if ($a.Extent.EndOffset -le $Node.Extent.StartOffset) { $last = $a }
            }
            if ($null -ne $last) {
                # 'Stop', "Stop", [ActionPreference]::Stop; anything not recognisably another value counts as Stop.
                $text = $last.Right.Extent.Text
                if ($text -match '\b(SilentlyContinue|Continue|Ignore|Inquire)\b' -and $text -notmatch '\bStop\b') { return $Matches[1] }
                return 'Stop'
            }
        }
        $block = $block.Parent
    }
    return 'Stop'
}

function Test-NativeCommand {
    param($Command, $Ast, $Functions)
    $name = $Command.GetCommandName()
    if ($null -ne $name) {
        $leaf = [System.IO.Path]::GetFileName($name)
        if ($Functions.ContainsKey($leaf) -or $libraryFunctions.ContainsKey($leaf)) { return $false }
        if ($leaf -match '\.(exe|com)$') { return $true }
        return ($NativePrograms -contains $leaf)
    }
    $first = $Command.CommandElements[0]
    if ($first -is [System.Management.Automation.Language.VariableExpressionAst]) {
        # & $exe: native when the variable is assigned a path to a program in this file.
        $var = $first.VariablePath.UserPath
        foreach ($a in @($Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Left -is [System.Management.Automation.Language.VariableExpressionAst] -and $n.Left.VariablePath.UserPath -eq $var }, $true))) {
            if ($a.Right.Extent.Text -match '\.(exe|com)\b') { return $true }
        }
    }
    return $false
}

function Test-File {
    param([string] $File)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$errors)
    if (@($errors).Count -gt 0) { return }   # build/Test-PsCompatibility.ps1 reports parse errors.
    $lines = [System.IO.File]::ReadAllLines($File)
    $functions = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
    $nodes = $ast.FindAll({ $true }, $true)
    Get-FunctionTable $nodes $functions
    $local = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($t in $nodes) { if ($t -is [System.Management.Automation.Language.TypeDefinitionAst]) { [void]$local.Add($t.Name) } }
    $knownTypes = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
    $newObjects = New-Object System.Collections.Generic.List[object]
    $rel = $File

    foreach ($node in $nodes) {
        if ($node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]) {
            # Most type names repeat ([string], [int]): a name found once needs no second look in this file.
            $written = $node.TypeName.FullName
            if (-not $knownTypes.Contains($written)) {
                $before = $findings.Count + $allowed.Count
                [void](Test-TypeName $rel $node.TypeName $node.Extent $lines $local)
                if ($findings.Count + $allowed.Count -eq $before) { [void]$knownTypes.Add($written) }
            }
            continue
        }
        if ($node -is [System.Management.Automation.Language.AttributeAst]) {
            Test-AttributeName $rel $node $lines
            continue
        }
        if (($node -is [System.Management.Automation.Language.MemberExpressionAst]) -and $node.Static -and
            $node.Expression -is [System.Management.Automation.Language.TypeExpressionAst] -and
            $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $typeName = $node.Expression.TypeName
            $text = Get-TypeNameText $typeName
            $full = Resolve-TypeName $text
            if ($null -ne $full -and $types.ContainsKey($full)) {
                $member = $node.Member.Value
                if (-not (Get-StaticMembers $full).Contains($member)) {
                    $construct = '[' + $typeName.FullName + ']::' + $member
                    Add-Finding $rel $node.Extent 'unknown-member' $construct "$construct does not exist in .NET Framework 4.8 ($full has no public static member '$member')." $lines
                }
            }
            continue
        }
        if ($node -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and -not $node.Static -and
            $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
            $node.Member.Value -ne 'ForEach' -and $node.Member.Value -ne 'Where' -and
            ($node.Expression -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
                $node.Expression -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -or
                ($node.Expression -is [System.Management.Automation.Language.ConvertExpressionAst] -and
                (Resolve-TypeName (Get-TypeNameText $node.Expression.Type.TypeName)) -eq 'System.String'))) {
            # A method called on a string: System.String of .NET Framework 4.8 must have an overload that takes
            # that many arguments (String.Contains(String, StringComparison), Split(Char, StringSplitOptions)
            # and StartsWith(Char) are .NET Core only). ForEach/Where are PowerShell's own (about_Arrays).
            $member = $node.Member.Value
            $argCount = $(if ($null -eq $node.Arguments) { 0 } else { $node.Arguments.Count })
            $methods = Get-InstanceMethods 'System.String'
            $fits = $false
            if ($methods.ContainsKey($member)) {
                foreach ($o in $methods[$member]) {
                    if ($o.Count -eq $argCount -or ($o.Params -and $argCount -ge $o.Count - 1)) { $fits = $true }
                }
            }
            if (-not $fits) {
                $construct = "[string].$member(" + $argCount + ' arguments)'
                $why = $(if ($methods.ContainsKey($member)) { "has no overload of $member that takes $argCount argument(s)" } else { "has no instance method $member" })
                Add-Finding $rel $node.Extent 'string-method-overload' $construct ("System.String in .NET Framework 4.8 (Windows PowerShell 5.1) $why, so the call fails there with a MethodException (PowerShell 7 runs on .NET Core, which has more overloads).") $lines
            }
        }
        if ($node -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and -not $node.Static -and
            $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $node.Member.Value -eq 'Split' -and
            $null -ne $node.Arguments -and $node.Arguments.Count -ge 1) {
            $arg = $node.Arguments[0]
            if ($arg -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $arg.Value.Length -gt 1) {
                Add-Finding $rel $node.Extent 'split-string-separator' (".Split(" + $arg.Extent.Text + ")") ("In Windows PowerShell 5.1 (.NET Framework 4.8, no String.Split(String) overload) .Split(" + $arg.Extent.Text + ") splits at EACH of its characters; PowerShell 7 splits at the whole string. Use -split with [regex]::Escape(...), or .Split([string[]]@(...), [System.StringSplitOptions]::None).") $lines
            }
            continue
        }
        if ($node -isnot [System.Management.Automation.Language.CommandAst]) { continue }

        # Native program with redirected stderr under 'Stop'.
        $redirectsStderr = $false
        foreach ($r in $node.Redirections) {
            if ([string]$r.FromStream -eq 'Error' -or [string]$r.FromStream -eq 'All') { $redirectsStderr = $true }
        }
        if ($redirectsStderr -and (Test-NativeCommand $node $ast $functions) -and (Get-ErrorActionAt $node $ast) -eq 'Stop') {
            Add-Finding $rel $node.Extent 'native-stderr-under-stop' $node.Extent.Text.Split("`n")[0].Trim() ("A native program's stderr is redirected while `$ErrorActionPreference is 'Stop': in Windows PowerShell 5.1 the first stderr line becomes an ErrorRecord and throws (PowerShell 7.2+ no longer applies the preference, so tests under pwsh 7 cannot see it; about_Preference_Variables). Capture stdout and stderr with System.Diagnostics.Process, or set `$ErrorActionPreference = 'Continue' in a function around the call.") $lines
        }

        $name = $node.GetCommandName()
        if ($null -eq $name -or $name -match '\.ps1$') { continue }
        if ($name -eq 'New-Object') { $newObjects.Add($node) }
        # Module-qualified (Microsoft.PowerShell.Management\Get-Item): the command name is after the backslash.
        if ($name -match '^[A-Za-z][\w.]*\\[A-Za-z]+-\w+$') { $name = $name.Substring($name.IndexOf('\') + 1) }
        $elements = $node.CommandElements
        $parameters = New-Object System.Collections.Generic.List[object]
        foreach ($e in $elements) { if ($e -is [System.Management.Automation.Language.CommandParameterAst]) { $parameters.Add($e) } }

        $own = $null
        if ($functions.ContainsKey($name)) { $own = $functions[$name] } elseif ($libraryFunctions.ContainsKey($name)) { $own = $libraryFunctions[$name] }
        if ($null -ne $own) {
            $names = @($own.Parameters)
            if ($own.Advanced) { $names += $commonNames.ToArray() }
            foreach ($p in $parameters) {
                if ((Resolve-Parameter $p.ParameterName $names) -ne 'ok') {
                    Add-Finding $rel $p.Extent 'unknown-parameter' ("$name -" + $p.ParameterName) ("$name (a project function) has no parameter -" + $p.ParameterName + '.') $lines
                }
            }
            continue
        }
        $canonical = $name
        if ($aliases.ContainsKey($name)) { $canonical = $aliases[$name] }
        if ($commands.ContainsKey($canonical)) {
            $info = $commands[$canonical]
            if (-not $info.ContainsKey('all')) { $info['all'] = [string[]](@($info.names) + $commonNames.ToArray()) }
            $names = $info['all']
            foreach ($p in $parameters) {
                $state = Resolve-Parameter $p.ParameterName $names
                if ($state -ne 'ok') {
                    $construct = "$canonical -" + $p.ParameterName
                    $rule = $(if ($state -eq 'ambiguous') { 'ambiguous-parameter' } else { 'unknown-parameter' })
                    Add-Finding $rel $p.Extent $rule $construct ("$construct " + $(if ($state -eq 'ambiguous') { 'is ambiguous' } else { 'does not exist' }) + " in Windows PowerShell 5.1 ($($info.module); $($info.source)).") $lines
                }
            }
            if ($WritingCmdlets -contains $canonical) {
                for ($i = 1; $i -lt $elements.Count; $i++) {
                    $e = $elements[$i]
                    if ($e -is [System.Management.Automation.Language.CommandParameterAst] -and 'Encoding'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase) -and $e.ParameterName.Length -ge 2) {
                        $value = $e.Argument
                        if ($null -eq $value -and $i + 1 -lt $elements.Count) { $value = $elements[$i + 1] }
                        if ($null -ne $value -and $value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $value.Value -eq 'UTF8') {
                            Add-Finding $rel $e.Extent 'utf8-bom' "$canonical -Encoding UTF8" "$canonical -Encoding UTF8 writes a byte order mark in Windows PowerShell 5.1 and none in PowerShell 7 (about_Character_Encoding): the file differs between the two. Write with [System.IO.File]::WriteAllText(path, text, (New-Object System.Text.UTF8Encoding(`$false))) or allow it with a reason." $lines
                        }
                    }
                }
            }
            if ($canonical -eq 'ConvertFrom-Json' -and $node.Parent -is [System.Management.Automation.Language.PipelineAst]) {
                $pipe = $node.Parent.PipelineElements
                if (-not [object]::ReferenceEquals($pipe[$pipe.Count - 1], $node)) {
                    Add-Finding $rel $node.Extent 'convertfrom-json-pipeline' 'ConvertFrom-Json | ...' 'ConvertFrom-Json piped on: Windows PowerShell 5.1 sends a JSON array as ONE object, PowerShell 7 sends its elements one by one (ConvertFrom-Json, -NoEnumerate). Assign the result first: $x = ConvertFrom-Json ...; then use @($x).' $lines
                }
            }
            if ($canonical -eq 'Join-Path') {
                $positional = 0
                for ($i = 1; $i -lt $elements.Count; $i++) {
                    $e = $elements[$i]
                    if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
                        if ($null -eq $e.Argument -and -not ('Resolve'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase) -or 'UseTransaction'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase))) { $i++ }
                        continue
                    }
                    $positional++
                }
                if ($positional -gt 2) {
                    Add-Finding $rel $node.Extent 'join-path-child-paths' 'Join-Path a b c' 'Join-Path takes one -Path and one -ChildPath in Windows PowerShell 5.1; more child paths (-AdditionalChildPath) are PowerShell 6+ only. Nest the calls: Join-Path (Join-Path a b) c.' $lines
                }
            }
            continue
        }
        if (Test-NativeCommand $node $ast $functions) { continue }
        Add-Finding $rel $node.Extent 'unknown-command' $name "$name is not a command of Windows PowerShell 5.1 or the Windows 10 1809 modules (test/data/ps51-commands.json), nor a function of ps-scripts/lib or of this file." $lines
    }

    # New-Object <type>: the type name is a string argument.
    foreach ($c in $newObjects) {
        $elements = $c.CommandElements
        $typeArg = $null
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $e = $elements[$i]
            if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
                if ('TypeName'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase)) { $typeArg = $(if ($null -ne $e.Argument) { $e.Argument } else { $elements[$i + 1] }) }
                if ('ComObject'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase)) { $typeArg = $null; break }
                if ($null -eq $e.Argument -and -not 'Strict'.StartsWith($e.ParameterName, [System.StringComparison]::OrdinalIgnoreCase)) { $i++ }
                continue
            }
            if ($null -eq $typeArg) { $typeArg = $e }
            break
        }
        if ($typeArg -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $parsed = [System.Management.Automation.Language.Parser]::ParseInput('[' + $typeArg.Value + ']', [ref]$null, [ref]$null)
            $te = $parsed.Find({ param($n) $n -is [System.Management.Automation.Language.TypeExpressionAst] }, $true)
            if ($null -ne $te) { [void](Test-TypeName $rel $te.TypeName $typeArg.Extent $lines $local) }
        }
    }
}

$files = New-Object System.Collections.Generic.List[string]
foreach ($item in $Path) {
    if (Test-Path -LiteralPath $item -PathType Container) {
        foreach ($f in @(Get-ChildItem -LiteralPath $item -Recurse -File -Filter '*.ps1')) { $files.Add($f.FullName) }
    } elseif (Test-Path -LiteralPath $item -PathType Leaf) {
        $files.Add((Resolve-Path -LiteralPath $item).ProviderPath)
    } else {
        Exit-Usage "Not found: $item"
    }
}
$sorted = @($files | Sort-Object -Unique)
foreach ($file in $sorted) { Test-File -File $file }
foreach ($pe in $readers) { $pe.Dispose() }

$seconds = [int]$started.Elapsed.TotalMilliseconds / 1000
$report = [ordered]@{
    tool     = 'Test-Ps51Api'
    ok       = ($findings.Count -eq 0)
    files    = [string[]]$sorted
    findings = $findings.ToArray()
    allowed  = $allowed.ToArray()
    seconds  = $seconds
    stats    = [ordered]@{ assemblies = $readers.Count; types = $types.Count; commands = $commands.Count; indexSeconds = $indexSeconds }
}
[Console]::Out.WriteLine((ConvertTo-Json -InputObject $report -Depth 6 -Compress))
if ($findings.Count -eq 0) { exit 0 } else { exit 1 }
