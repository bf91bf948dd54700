# Checks that PowerShell files also run on Windows PowerShell 5.1, which is what winre-fix runs under on every
# supported Windows (the CLI never uses pwsh there). Runs under pwsh 7 in development and CI.
#
# Usage: pwsh -NoProfile -NonInteractive -File build/Test-PsCompatibility.ps1 <file-or-folder> [...]
# Folders are searched recursively for *.ps1 and *.psm1. Prints ONE JSON document on stdout:
#   { "tool": "Test-PsCompatibility", "ok": bool, "files": [paths], "findings": [ { file, line, column, rule,
#     construct, message } ] }
# (test/bridge/schemas/ps-compat-report.schema.json). Exit code 0 = compatible, 1 = findings, 2 = bad usage.
#
# How: PowerShell 7's own parser ([System.Management.Automation.Language.Parser]::ParseFile) reads every file and
# the AST is searched for syntax, parameters, commands and variables that 5.1 does not have. Sources for the
# version each construct appeared in: about_Operators / about_Pipeline_Chain_Operators / about_Functions (7.3
# clean block) / the cmdlet reference pages of ConvertFrom-Json, ConvertTo-Json, ForEach-Object, Get-Content,
# Join-String, Get-Error, Test-Json, Get-Uptime, Remove-Alias, ConvertFrom-Markdown; about_ANSI_Terminals ($PSStyle).
# Limits: parameters passed by splatting (@params) and commands built at run time are not seen.
# This file itself must stay 5.1-compatible (it is checked with everything else): no 7-only AST type literals.

[CmdletBinding()]
param([Parameter(ValueFromRemainingArguments = $true)][string[]] $Path)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Parameters that 5.1's cmdlets do not have. MinPrefix = the shortest abbreviation PowerShell would bind to this
# parameter unambiguously (common parameters included), so `-AsH` is caught as well as `-AsHashtable`.
$script:Ps7Parameters = @(
    @{ Command = 'ConvertFrom-Json'; Parameter = 'AsHashtable'; MinPrefix = 'a' },
    @{ Command = 'ConvertFrom-Json'; Parameter = 'Depth'; MinPrefix = 'dep' },
    @{ Command = 'ConvertFrom-Json'; Parameter = 'NoEnumerate'; MinPrefix = 'n' },
    @{ Command = 'ConvertFrom-Json'; Parameter = 'DateKind'; MinPrefix = 'da' },
    @{ Command = 'ConvertTo-Json'; Parameter = 'EnumsAsStrings'; MinPrefix = 'en' },
    @{ Command = 'ConvertTo-Json'; Parameter = 'AsArray'; MinPrefix = 'a' },
    @{ Command = 'ConvertTo-Json'; Parameter = 'EscapeHandling'; MinPrefix = 'es' },
    @{ Command = 'ForEach-Object'; Parameter = 'Parallel'; MinPrefix = 'pa' },
    @{ Command = 'ForEach-Object'; Parameter = 'ThrottleLimit'; MinPrefix = 'th' },
    @{ Command = 'Get-Content'; Parameter = 'AsByteStream'; MinPrefix = 'as' },
    @{ Command = 'Set-Content'; Parameter = 'AsByteStream'; MinPrefix = 'as' },
    @{ Command = 'Add-Content'; Parameter = 'AsByteStream'; MinPrefix = 'as' }
)
$script:CommandAliases = @{ 'foreach' = 'ForEach-Object'; '%' = 'ForEach-Object'; 'gc' = 'Get-Content'; 'sc' = 'Set-Content'; 'ac' = 'Add-Content' }
# Cmdlets that do not exist in 5.1.
$script:Ps7Commands = @('Join-String', 'Get-Error', 'Test-Json', 'Get-Uptime', 'Remove-Alias', 'ConvertFrom-Markdown',
    'Show-Markdown', 'Get-MarkdownOption', 'Set-MarkdownOption')
# Automatic variables that do not exist in 5.1 (under Set-StrictMode reading them is an error there).
$script:Ps7Variables = @('PSStyle', 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR')

$script:Findings = New-Object System.Collections.ArrayList

function Add-Finding {
    param([string] $File, [int] $Line, [int] $Column, [string] $Rule, [string] $Construct, [string] $Message)
    [void]$script:Findings.Add([ordered]@{
            file      = $File
            line      = $Line
            column    = $Column
            rule      = $Rule
            construct = $Construct
            message   = $Message
        })
}

function Add-AstFinding {
    param([string] $File, $Ast, [string] $Rule, [string] $Construct, [string] $Message)
    Add-Finding -File $File -Line $Ast.Extent.StartLineNumber -Column $Ast.Extent.StartColumnNumber -Rule $Rule -Construct $Construct -Message $Message
}

function Get-OptionalProperty {
    # Properties that only exist on 7's AST classes (NullConditional, CleanBlock, Background), read safely.
    param($Object, [string] $Name)
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function Test-VersionGuarded {
    # True when $Ast sits in the body of an `if` clause whose condition requires PowerShell 7 or later, e.g.
    # `if ($PSVersionTable.PSVersion.Major -ge 7) { ... }`.
    param($Ast)
    $child = $Ast
    $parent = $Ast.Parent
    while ($null -ne $parent) {
        if ($parent.GetType().Name -eq 'IfStatementAst') {
            foreach ($clause in $parent.Clauses) {
                if ([object]::ReferenceEquals($clause.Item2, $child)) {
                    $condition = $clause.Item1.Extent.Text
                    $match = [regex]::Match($condition, '\$PSVersionTable\.PSVersion\.Major\s*-(ge|gt)\s*(\d+)', 'IgnoreCase')
                    if ($match.Success) {
                        $number = [int]$match.Groups[2].Value
                        if (($match.Groups[1].Value -eq 'ge' -and $number -ge 7) -or ($match.Groups[1].Value -eq 'gt' -and $number -ge 6)) {
                            return $true
                        }
                    }
                }
            }
        }
        $child = $parent
        $parent = $parent.Parent
    }
    return $false
}

function Test-File {
    param([string] $File)
    $bytes = [System.IO.File]::ReadAllBytes($File)
    $hasUtf8Bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $hasUtf8Bom) {
        for ($i = 0; $i -lt $bytes.Length; $i++) {
            if ($bytes[$i] -gt 0x7F) {
                $line = 1
                for ($j = 0; $j -lt $i; $j++) { if ($bytes[$j] -eq 0x0A) { $line++ } }
                Add-Finding -File $File -Line $line -Column 0 -Rule 'non-ascii-without-bom' -Construct 'encoding' -Message ('Byte 0x{0:X2} at offset {1} is not ASCII and the file has no UTF-8 BOM: Windows PowerShell 5.1 reads BOM-less files in the ANSI code page. Keep .ps1 files ASCII (or save with a UTF-8 BOM).' -f $bytes[$i], $i)
                break
            }
        }
    }

    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$errors)
    foreach ($e in @($errors)) {
        Add-Finding -File $File -Line $e.Extent.StartLineNumber -Column $e.Extent.StartColumnNumber -Rule 'parse-error' -Construct $e.ErrorId -Message $e.Message
    }

    foreach ($node in @($ast.FindAll({ $true }, $true))) {
        $type = $node.GetType().Name
        switch ($type) {
            'TernaryExpressionAst' {
                Add-AstFinding $File $node 'ternary' '? :' 'The ternary operator is PowerShell 7 only; use if/else.'
            }
            'PipelineChainAst' {
                Add-AstFinding $File $node 'pipeline-chain' '&& ||' 'Pipeline chain operators && and || are PowerShell 7 only; use if ($?) or try/catch.'
            }
            'BinaryExpressionAst' {
                if ([string]$node.Operator -eq 'QuestionQuestion') {
                    Add-AstFinding $File $node 'null-coalescing' '??' 'The ?? operator is PowerShell 7 only; use if ($null -eq ...).'
                }
            }
            'AssignmentStatementAst' {
                if ([string]$node.Operator -eq 'QuestionQuestionEquals') {
                    Add-AstFinding $File $node 'null-coalescing-assignment' '??=' 'The ??= operator is PowerShell 7 only; use if ($null -eq ...).'
                }
            }
            'MemberExpressionAst' {
                if (Get-OptionalProperty $node 'NullConditional') {
                    Add-AstFinding $File $node 'null-conditional' '?.' 'The ?. operator is PowerShell 7 only; test for $null first.'
                }
            }
            'InvokeMemberExpressionAst' {
                if (Get-OptionalProperty $node 'NullConditional') {
                    Add-AstFinding $File $node 'null-conditional' '?.' 'The ?. operator is PowerShell 7 only; test for $null first.'
                }
            }
            'IndexExpressionAst' {
                if (Get-OptionalProperty $node 'NullConditional') {
                    Add-AstFinding $File $node 'null-conditional' '?[]' 'The ?[] operator is PowerShell 7 only; test for $null first.'
                }
            }
            'ScriptBlockAst' {
                $clean = Get-OptionalProperty $node 'CleanBlock'
                if ($null -ne $clean) {
                    Add-AstFinding $File $clean 'clean-block' 'clean {}' 'The clean block is PowerShell 7.3+ only; use try/finally in end {}.'
                }
            }
            'PipelineAst' {
                if (Get-OptionalProperty $node 'Background') {
                    Add-AstFinding $File $node 'background-operator' '&' 'The trailing & background operator is PowerShell 6+ only; use Start-Job.'
                }
            }
            'CommandAst' {
                $name = $node.GetCommandName()
                if ($null -eq $name) { break }
                if ($name.Contains('\')) { $name = $name.Substring($name.LastIndexOf('\') + 1) }
                if ($script:CommandAliases.ContainsKey($name)) { $name = $script:CommandAliases[$name] }
                foreach ($command in $script:Ps7Commands) {
                    if ($name -eq $command) {
                        Add-AstFinding $File $node 'ps7-command' $command "$command does not exist in Windows PowerShell 5.1."
                    }
                }
                foreach ($element in $node.CommandElements) {
                    if ($element.GetType().Name -ne 'CommandParameterAst') { continue }
                    $given = $element.ParameterName
                    foreach ($entry in $script:Ps7Parameters) {
                        if ($name -eq $entry.Command -and $entry.Parameter.StartsWith($given, 'OrdinalIgnoreCase') -and
                            $given.StartsWith($entry.MinPrefix, 'OrdinalIgnoreCase')) {
                            $construct = $entry.Command + ' -' + $entry.Parameter
                            Add-AstFinding $File $element 'ps7-parameter' $construct "$construct does not exist in Windows PowerShell 5.1."
                        }
                    }
                }
            }
            'VariableExpressionAst' {
                $variable = $node.VariablePath.UserPath
                foreach ($name in $script:Ps7Variables) {
                    if ($variable -eq $name -and -not (Test-VersionGuarded $node)) {
                        Add-AstFinding $File $node 'ps7-variable' ('$' + $name) "`$$name does not exist in Windows PowerShell 5.1; use it only inside if (`$PSVersionTable.PSVersion.Major -ge 7) { ... }."
                    }
                }
            }
        }
    }
}

if ($null -eq $Path -or $Path.Count -eq 0) {
    [Console]::Error.WriteLine('Usage: Test-PsCompatibility.ps1 <file-or-folder> [...]')
    exit 2
}

$files = New-Object System.Collections.ArrayList
foreach ($item in $Path) {
    if (Test-Path -LiteralPath $item -PathType Container) {
        foreach ($f in @(Get-ChildItem -LiteralPath $item -Recurse -File | Where-Object { $_.Extension -eq '.ps1' -or $_.Extension -eq '.psm1' })) {
            [void]$files.Add($f.FullName)
        }
    } elseif (Test-Path -LiteralPath $item -PathType Leaf) {
        [void]$files.Add((Resolve-Path -LiteralPath $item).ProviderPath)
    } else {
        [Console]::Error.WriteLine("Not found: $item")
        exit 2
    }
}
$sorted = @($files | Sort-Object -Unique)
foreach ($file in $sorted) { Test-File -File $file }

$report = [ordered]@{
    tool     = 'Test-PsCompatibility'
    ok       = ($script:Findings.Count -eq 0)
    files    = @($sorted)
    findings = @($script:Findings)
}
[Console]::Out.WriteLine((ConvertTo-Json -InputObject $report -Depth 6 -Compress))
if ($script:Findings.Count -eq 0) { exit 0 } else { exit 1 }
