# Simulated reagentc.exe (/info, /disable, /enable, /setreimage) over the machine file, with its real text in
# en-US, de-DE, zh-CN and ru-RU, its stdout/stderr split and exit codes, and ReAgent.xml kept in step.
# Sources: docs/reference/reagentc.md (output, streams, exit codes, ReAgent.xml, languages) and
# docs/reference/transcripts.md (every recorded capture, E1-E8 and ZH1-ZH6, and the de-DE / ru-RU reports). docs/simulation.md "reagentc.exe" lists every rule and every ASSUMPTION.
#
# Streams: the body (/info block, 'Directory set to:', the non-elevated sentence) goes to stdout; the
# 'REAGENTC.EXE: ...' status lines to stderr unless machine.reagentc.statusLinesOnStderr is false (E6, E7).
# Invoke-SimReAgentTool returns the lines and the exit code; reagentc.exe, reagentc, ReAgentc.exe on PATH (real
# executables during simulation, simulator/host/native-host.ps1) print them and exit with the code.

Set-StrictMode -Version 3.0

$script:SimRecoveryMbrType = 39 # 0x27
# docs/reference/update-failure.md#free-space-rules: required free = WIM + 52 MiB.
$script:SimWinReFreeMargin = [long]54525952
$script:SimWinReStageFolder = '\Windows\System32\Recovery'
$script:SimWinReDefaultFolder = '\Recovery\WindowsRE'
$script:SimWinReBackupMarker = '\$WINRE_BACKUP_PARTITION.MARKER'
$script:SimZeroGuid = '{00000000-0000-0000-0000-000000000000}'

# Exit codes. Proven: 0 on success (E1-E4). Not proven (ASSUMPTION): that a failure exits with the Win32 code
# printed after 'Operation failed:' (5 when not elevated, 0x70 = 112 ERROR_DISK_FULL, ...), and the codes of the
# failures that print a sentence instead of a code (docs/reference/reagentc.md#output-streams-and-exit-codes: "The exact non-zero value is
# undocumented"). reagent's FindTargetPartition returns 112 (no disk space) or 2 (partition not found).
$script:SimReAgentExit = @{
    AlreadyDisabled = 2   # ASSUMPTION: non-zero (scripts test $LASTEXITCODE -ne 0 and then the text).
    ImageNotFound   = 2   # ASSUMPTION: ERROR_FILE_NOT_FOUND.
    BcdFailed       = 1   # ASSUMPTION: unknown, non-zero.
    TargetNotFound  = 2   # ASSUMPTION.
    BadPath         = 3   # ASSUMPTION: ERROR_PATH_NOT_FOUND (VeraCrypt#574: /setreimage "fails with an error 3").
    NotElevated     = 5   # 'Operation failed: 5' (E6); exit code = 5 is the ASSUMPTION.
    DiskFull        = 112 # 'Operation failed: 70' (E8, halsey51013 #1).
    NotFound        = 2
}

# ------------------------------------------------------------------------------------------------------------
# Texts. Every .ps1 stays ASCII: non-ASCII text is written as \uXXXX escapes and decoded once at load.
# Tags: C = verbatim capture, R = reported, ASSUMPTION = no source found (docs/reference/transcripts.md#german-reports, docs/reference/transcripts.md#russian-report, docs/reference/reagentc.md#localized-labels).
# ------------------------------------------------------------------------------------------------------------

function ConvertFrom-SimReAgentEscapes {
    param([Parameter(Mandatory = $true)][hashtable] $Table)
    $out = @{}
    foreach ($key in @($Table.Keys)) { $out[$key] = [regex]::Unescape([string]$Table[$key]) }
    return $out
}

$script:SimReAgentTexts = @{}
$script:SimReAgentTexts['en-US'] = @{
    Title                 = 'Windows Recovery Environment (Windows RE) and system reset configuration' # C (E1-E4)
    Information           = 'Information:' # C
    Status                = 'Windows RE status:' # C
    Location              = 'Windows RE location:' # C
    Bcd                   = 'Boot Configuration Data (BCD) identifier:' # C
    RecoveryImageLocation = 'Recovery image location:' # C
    RecoveryImageIndex    = 'Recovery image index:' # C
    CustomImageLocation   = 'Custom image location:' # C
    CustomImageIndex      = 'Custom image index:' # C
    Version               = 'Windows RE Version:' # C (E2)
    Success               = 'REAGENTC.EXE: Operation Successful.' # C
    AlreadyDisabled       = 'REAGENTC.EXE: Windows RE is already disabled.' # C (E4)
    ImageNotFound         = 'REAGENTC.EXE: The Windows RE image was not found.' # C (E8)
    BitLocker             = 'REAGENTC.EXE: Windows RE cannot be enabled on a volume with BitLocker Drive Encryption enabled.' # C (E8, unwrapped)
    BcdFailed             = 'REAGENTC.EXE: Unable to update Boot Configuration Data.' # C (E8)
    TargetNotFound        = 'REAGENTC.EXE: The target Windows installation was not found.' # R (E8, tiny11)
    DirectorySet          = 'Directory set to: ' # C (E4, E7)
    NotElevated           = 'This command can only be executed from an elevated command prompt.' # C (E6)
    OperationFailed       = 'REAGENTC.EXE: Operation failed: ' # C (E6, E7, E8)
    ErrorOccurred         = 'REAGENTC.EXE: An error has occurred.' # C (E6, E7, E8)
}

$script:SimReAgentTexts['zh-CN'] = ConvertFrom-SimReAgentEscapes @{
    Title                  = 'Windows \u6062\u590d\u73af\u5883(Windows RE)\u548c\u7cfb\u7edf\u521d\u59cb\u5316\u914d\u7f6e' # C
    Information            = '\u4fe1\u606f:' # C
    Status                 = 'Windows RE \u72b6\u6001:' # C
    Location               = 'Windows RE \u4f4d\u7f6e:' # C
    Bcd                    = '\u5f15\u5bfc\u914d\u7f6e\u6570\u636e(BCD)\u6807\u8bc6\u7b26:' # C
    RecoveryImageLocation  = '\u6062\u590d\u6620\u50cf\u4f4d\u7f6e:' # C
    RecoveryImageIndex     = '\u6062\u590d\u6620\u50cf\u7d22\u5f15:' # C
    CustomImageLocation    = '\u81ea\u5b9a\u4e49\u6620\u50cf\u4f4d\u7f6e:' # C
    CustomImageIndex       = '\u81ea\u5b9a\u4e49\u6620\u50cf\u7d22\u5f15:' # C
    Version                = 'Windows RE \u7248\u672c:' # C (ZH6 excerpt)
    Success                = 'REAGENTC.EXE: \u64cd\u4f5c\u6210\u529f\u3002' # C
    AlreadyDisabled        = 'REAGENTC.EXE: Windows RE \u5df2\u7981\u7528\u3002' # ASSUMPTION
    ImageNotFound          = 'REAGENTC.EXE: \u672a\u627e\u5230 Windows RE \u6620\u50cf\u3002' # C (ZH2)
    BitLocker              = 'REAGENTC.EXE: \u4e0d\u80fd\u5728\u542f\u7528\u4e86 BitLocker \u9a71\u52a8\u5668\u52a0\u5bc6\u7684\u5377\u4e0a\u542f\u7528 Windows RE\u3002' # C (ZH2)
    BcdFailed              = 'REAGENTC.EXE: \u65e0\u6cd5\u66f4\u65b0\u542f\u52a8\u914d\u7f6e\u6570\u636e\u3002' # ASSUMPTION
    TargetNotFound         = 'REAGENTC.EXE: \u627e\u4e0d\u5230\u76ee\u6807 Windows \u5b89\u88c5\u3002' # ASSUMPTION
    DirectorySet           = '\u76ee\u5f55\u8bbe\u7f6e\u4e3a: ' # C (ZH2, ZH5)
    NotElevated            = '\u53ea\u80fd\u4ece\u63d0\u5347\u7684\u547d\u4ee4\u63d0\u793a\u7b26\u6267\u884c\u6b64\u547d\u4ee4\u3002' # ASSUMPTION
    OperationFailed        = 'REAGENTC.EXE: \u64cd\u4f5c\u5931\u8d25: ' # ASSUMPTION
    ErrorOccurred          = 'REAGENTC.EXE: \u51fa\u73b0\u9519\u8bef\u3002' # ASSUMPTION
}
$script:SimReAgentTexts['de-DE'] = ConvertFrom-SimReAgentEscapes @{
    Title                  = 'Konfigurationsinformationen zur Windows-Wiederherstellungsumgebung (WinRE) und zur Systemwiederherstellung:' # R (MHimken/WinRE-Customization#6, transcribed)
    Status                 = 'WinRE-Status:' # R (#6)
    Location               = 'WinRE-Ort:' # R (#6 shows "WinRE-Ort :"; the space is taken as a transcription artefact: ASSUMPTION)
    Bcd                    = 'Startkonfigurationsdaten-ID:' # R (#6)
    RecoveryImageLocation  = 'Ort des Wiederherstellungsimages:' # R (#6)
    RecoveryImageIndex     = 'Index des Wiederherstellungsimages:' # R (#6)
    CustomImageLocation    = 'Ort des benutzerdefinierten Images:' # R (#6)
    CustomImageIndex       = 'Index des benutzerdefinierten Images:' # R (#6)
    Version                = 'WinRE-Version:' # ASSUMPTION (25H2 report paraphrases "Windows-RE-Version")
    Success                = 'REAGENTC.EXE: Vorgang erfolgreich.' # R (#6; #3 without the full stop)
    AlreadyDisabled        = 'REAGENTC.EXE: Windows RE ist bereits deaktiviert.' # ASSUMPTION
    ImageNotFound          = 'REAGENTC.EXE: Das Windows RE-Image wurde nicht gefunden.' # ASSUMPTION (thread titles "Windows RE-Image wurde nicht gefunden")
    BitLocker              = 'REAGENTC.EXE: Windows RE kann auf einem Volume mit aktivierter BitLocker-Laufwerkverschl\u00fcsselung nicht aktiviert werden.' # R (#6)
    BcdFailed              = 'REAGENTC.EXE: Die Startkonfigurationsdaten konnten nicht aktualisiert werden.' # ASSUMPTION
    TargetNotFound         = 'REAGENTC.EXE: Die Windows-Zielinstallation wurde nicht gefunden.' # ASSUMPTION
    DirectorySet           = 'Verzeichnis festgelegt auf: ' # ASSUMPTION
    NotElevated            = 'Dieser Befehl kann nur von einer Eingabeaufforderung mit erh\u00f6hten Rechten ausgef\u00fchrt werden.' # ASSUMPTION
    OperationFailed        = 'REAGENTC.EXE: Fehler beim Vorgang: ' # ASSUMPTION
    ErrorOccurred          = 'REAGENTC.EXE: Es ist ein Fehler aufgetreten.' # ASSUMPTION
}
$script:SimReAgentTexts['ru-RU'] = ConvertFrom-SimReAgentEscapes @{
    Title                  = '\u041a\u043e\u043d\u0444\u0438\u0433\u0443\u0440\u0430\u0446\u0438\u044f \u0441\u0440\u0435\u0434\u044b \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows (Windows RE) \u0438 \u0441\u0431\u0440\u043e\u0441\u0430 \u0441\u0438\u0441\u0442\u0435\u043c\u044b' # ASSUMPTION
    Information            = '\u0421\u0432\u0435\u0434\u0435\u043d\u0438\u044f:' # ASSUMPTION
    Status                 = '\u0421\u043e\u0441\u0442\u043e\u044f\u043d\u0438\u0435 \u0441\u0440\u0435\u0434\u044b \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows:' # R (AdventDevInc/kudu#444)
    Location               = '\u0420\u0430\u0441\u043f\u043e\u043b\u043e\u0436\u0435\u043d\u0438\u0435 \u0441\u0440\u0435\u0434\u044b \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows:' # ASSUMPTION
    Bcd                    = '\u0418\u0434\u0435\u043d\u0442\u0438\u0444\u0438\u043a\u0430\u0442\u043e\u0440 \u0434\u0430\u043d\u043d\u044b\u0445 \u043a\u043e\u043d\u0444\u0438\u0433\u0443\u0440\u0430\u0446\u0438\u0438 \u0437\u0430\u0433\u0440\u0443\u0437\u043a\u0438 (BCD):' # ASSUMPTION
    RecoveryImageLocation  = '\u0420\u0430\u0441\u043f\u043e\u043b\u043e\u0436\u0435\u043d\u0438\u0435 \u043e\u0431\u0440\u0430\u0437\u0430 \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f:' # ASSUMPTION
    RecoveryImageIndex     = '\u0418\u043d\u0434\u0435\u043a\u0441 \u043e\u0431\u0440\u0430\u0437\u0430 \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f:' # ASSUMPTION
    CustomImageLocation    = '\u0420\u0430\u0441\u043f\u043e\u043b\u043e\u0436\u0435\u043d\u0438\u0435 \u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u0442\u0435\u043b\u044c\u0441\u043a\u043e\u0433\u043e \u043e\u0431\u0440\u0430\u0437\u0430:' # ASSUMPTION
    CustomImageIndex       = '\u0418\u043d\u0434\u0435\u043a\u0441 \u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u0442\u0435\u043b\u044c\u0441\u043a\u043e\u0433\u043e \u043e\u0431\u0440\u0430\u0437\u0430:' # ASSUMPTION
    Version                = '\u0412\u0435\u0440\u0441\u0438\u044f \u0441\u0440\u0435\u0434\u044b \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows:' # ASSUMPTION
    Success                = 'REAGENTC.EXE: \u041e\u043f\u0435\u0440\u0430\u0446\u0438\u044f \u0443\u0441\u043f\u0435\u0448\u043d\u043e \u0437\u0430\u0432\u0435\u0440\u0448\u0435\u043d\u0430.' # ASSUMPTION
    AlreadyDisabled        = 'REAGENTC.EXE: \u0421\u0440\u0435\u0434\u0430 \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows \u0443\u0436\u0435 \u043e\u0442\u043a\u043b\u044e\u0447\u0435\u043d\u0430.' # ASSUMPTION
    ImageNotFound          = 'REAGENTC.EXE: \u041d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c \u043d\u0430\u0439\u0442\u0438 \u043e\u0431\u0440\u0430\u0437 \u0441\u0440\u0435\u0434\u044b \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows.' # ASSUMPTION
    BitLocker              = 'REAGENTC.EXE: \u041d\u0435\u0432\u043e\u0437\u043c\u043e\u0436\u043d\u043e \u0432\u043a\u043b\u044e\u0447\u0438\u0442\u044c \u0441\u0440\u0435\u0434\u0443 \u0432\u043e\u0441\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d\u0438\u044f Windows \u043d\u0430 \u0442\u043e\u043c\u0435 \u0441 \u0432\u043a\u043b\u044e\u0447\u0435\u043d\u043d\u044b\u043c \u0448\u0438\u0444\u0440\u043e\u0432\u0430\u043d\u0438\u0435\u043c \u0434\u0438\u0441\u043a\u0430 BitLocker.' # ASSUMPTION
    BcdFailed              = 'REAGENTC.EXE: \u041d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c \u043e\u0431\u043d\u043e\u0432\u0438\u0442\u044c \u0434\u0430\u043d\u043d\u044b\u0435 \u043a\u043e\u043d\u0444\u0438\u0433\u0443\u0440\u0430\u0446\u0438\u0438 \u0437\u0430\u0433\u0440\u0443\u0437\u043a\u0438.' # ASSUMPTION
    TargetNotFound         = 'REAGENTC.EXE: \u041d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c \u043d\u0430\u0439\u0442\u0438 \u0446\u0435\u043b\u0435\u0432\u0443\u044e \u0443\u0441\u0442\u0430\u043d\u043e\u0432\u043a\u0443 Windows.' # ASSUMPTION
    DirectorySet           = '\u041a\u0430\u0442\u0430\u043b\u043e\u0433 \u0443\u0441\u0442\u0430\u043d\u043e\u0432\u043b\u0435\u043d: ' # ASSUMPTION
    NotElevated            = '\u042d\u0442\u0443 \u043a\u043e\u043c\u0430\u043d\u0434\u0443 \u043c\u043e\u0436\u043d\u043e \u0432\u044b\u043f\u043e\u043b\u043d\u0438\u0442\u044c \u0442\u043e\u043b\u044c\u043a\u043e \u0438\u0437 \u043a\u043e\u043c\u0430\u043d\u0434\u043d\u043e\u0439 \u0441\u0442\u0440\u043e\u043a\u0438 \u0441 \u043f\u043e\u0432\u044b\u0448\u0435\u043d\u043d\u044b\u043c\u0438 \u043f\u0440\u0438\u0432\u0438\u043b\u0435\u0433\u0438\u044f\u043c\u0438.' # ASSUMPTION
    OperationFailed        = 'REAGENTC.EXE: \u0421\u0431\u043e\u0439 \u043e\u043f\u0435\u0440\u0430\u0446\u0438\u0438: ' # ASSUMPTION
    ErrorOccurred          = 'REAGENTC.EXE: \u041f\u0440\u043e\u0438\u0437\u043e\u0448\u043b\u0430 \u043e\u0448\u0438\u0431\u043a\u0430.' # ASSUMPTION
}

function Get-SimReAgentLanguage {
    # A language without a built-in table prints what machine.reagentc.transcript gives (and the en-US failure
    # texts, which no transcript carries); without a transcript it is a mistake in the machine file.
    param([Parameter(Mandatory = $true)] $Machine)
    $rc = Get-SimProp $Machine 'reagentc'
    $lang = [string](Get-SimProp $rc 'outputLanguage' 'en-US')
    if (-not $script:SimReAgentTexts.ContainsKey($lang) -and $null -eq (Get-SimProp $rc 'transcript')) {
        throw "Simulator: reagentc.outputLanguage '$lang' has no built-in text table; give reagentc.transcript (docs/simulation.md)."
    }
    return $lang
}

function Get-SimReAgentText {
    # Text in the machine's reagentc output language; $null where a language has no such line (de-DE prints
    # its title as one line with no 'Information:' line: MHimken/WinRE-Customization#6). A language known only
    # from a transcript uses the en-US table for what the transcript lacks (failures).
    param([Parameter(Mandatory = $true)][string] $Language, [Parameter(Mandatory = $true)][string] $Key)
    $table = $script:SimReAgentTexts[$Language]
    if ($null -eq $table) { $table = $script:SimReAgentTexts['en-US'] }
    if ($table.ContainsKey($Key)) { return [string]$table[$Key] }
    return $null
}

function Get-SimDisplayWidth {
    # Console columns of a string: East Asian wide characters take two (docs/reference/reagentc.md#what-stays-the-same-in-every-language: the zh-CN
    # captures pad '<CJK label>:' counting each CJK character as two columns).
    param([AllowEmptyString()][string] $Text)
    $width = 0
    foreach ($ch in $Text.ToCharArray()) {
        $c = [int]$ch
        if (($c -ge 0x1100 -and $c -le 0x115F) -or ($c -ge 0x2E80 -and $c -le 0xA4CF) -or ($c -ge 0xAC00 -and $c -le 0xD7A3) -or
            ($c -ge 0xF900 -and $c -le 0xFAFF) -or ($c -ge 0xFE30 -and $c -le 0xFE4F) -or ($c -ge 0xFF00 -and $c -le 0xFF60) -or
            ($c -ge 0xFFE0 -and $c -le 0xFFE6)) {
            $width += 2
        } else {
            $width += 1
        }
    }
    return $width
}

function Format-SimReAgentInfoLine {
    # '    <label>' padded to display column 31 (4 + 27), or one space when the label is wider; empty values keep
    # the padding (E2 keeps it; most pasted captures lost it) [docs/reference/reagentc.md#what-stays-the-same-in-every-language].
    param([Parameter(Mandatory = $true)][string] $Label, [AllowEmptyString()][string] $Value)
    $pad = 27 - (Get-SimDisplayWidth -Text $Label)
    if ($pad -lt 1) { $pad = 1 }
    return '    ' + $Label + (' ' * $pad) + $Value
}

function Format-SimHexCode {
    # 'Operation failed: <hex>' prints the Win32 code in lower-case hex without 0x ('70', 'd', 'b7', 'c142011c').
    param([Parameter(Mandatory = $true)][long] $Code)
    return ([uint32]($Code -band 0xFFFFFFFFL)).ToString('x')
}

function ConvertTo-SimExitCode {
    param([Parameter(Mandatory = $true)][long] $Code)
    $u = [uint32]($Code -band 0xFFFFFFFFL)
    return [BitConverter]::ToInt32([BitConverter]::GetBytes($u), 0)
}

# ------------------------------------------------------------------------------------------------------------
# Where WinRE is, in the forms reagentc, ReAgent.xml and the registry print.
# ------------------------------------------------------------------------------------------------------------

function Get-SimOsEntry {
    # The partition holding the running Windows (os.systemDrive), as {Disk; Partition; Volume}.
    param([Parameter(Mandatory = $true)] $Machine)
    return Find-SimPartition -Machine $Machine -DriveLetter ([string]$Machine.os.systemDrive).Substring(0, 1)
}

function Get-SimWinReEntry {
    # The partition WinRE is registered on (winre.location), or $null when disabled or the partition is gone.
    param([Parameter(Mandatory = $true)] $Machine)
    $loc = Get-SimProp $Machine.winre 'location'
    if ($null -eq $loc) { return $null }
    return Find-SimPartition -Machine $Machine -DiskUniqueId ([string]$loc.diskUniqueId) -Offset ([long]$loc.partitionOffset)
}

function Get-SimWinReFolder {
    param([Parameter(Mandatory = $true)] $Machine)
    $loc = Get-SimProp $Machine.winre 'location'
    $folder = [string](Get-SimProp $loc 'path' '')
    if ([string]::IsNullOrEmpty($folder)) { $folder = $script:SimWinReDefaultFolder }
    return $folder
}

function Get-SimGlobalRootPath {
    # \\?\GLOBALROOT\device\harddisk<disk number>\partition<partition number><folder>, with the CURRENT numbers
    # (docs/reference/reagentc.md#info-output-when-enabled: "the index of the disk and partition WinRE is on").
    param([Parameter(Mandatory = $true)] $Entry, [string] $Folder = '')
    return '\\?\GLOBALROOT\device\harddisk' + [int]$Entry.Disk.number + '\partition' + [int]$Entry.Partition.number + $Folder
}

function Get-SimWinReLocationText {
    # /info 'Windows RE location' value: the GLOBALROOT path when enabled, empty when disabled.
    # ASSUMPTION: enabled but its partition gone (deleted without /disable, docs/reference/tools-landscape.md#f8-recovery-partition-deleted-by-hand) prints empty.
    param([Parameter(Mandatory = $true)] $Machine)
    if ([string]$Machine.winre.status -ne 'Enabled') { return '' }
    $entry = Get-SimWinReEntry -Machine $Machine
    if ($null -eq $entry) { return '' }
    return Get-SimGlobalRootPath -Entry $entry -Folder (Get-SimWinReFolder -Machine $Machine)
}

function Get-SimReAgentXml {
    # %windir%\System32\Recovery\ReAgent.xml generated from the state (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml layout: XML
    # declaration with single quotes, a blank line, two-space indent, self-closing elements; the file starts
    # with a UTF-8 BOM, which readers strip). WinreLocation: offset = partition offset; GPT: id 0 and the disk
    # GUID (inferred in docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml), MBR: id = disk signature in decimal and a zero GUID (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
    # ASSUMPTION: disabled = InstallState 0 and an empty WinreLocation (no real post-/disable file was found,
    # docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml note); the WinreBCD id keeps winre.bcdId, as /info does.
    param([Parameter(Mandatory = $true)] $Machine)
    $winre = $Machine.winre
    $zeroLoc = 'path="" id="0" offset="0" guid="' + $script:SimZeroGuid + '"'
    $winreLoc = $zeroLoc
    $installState = 0
    if ([string]$winre.status -eq 'Enabled') {
        $installState = 1
        $entry = Get-SimWinReEntry -Machine $Machine
        if ($null -ne $entry) { $winreLoc = Format-SimReAgentLocationAttributes -Entry $entry -Folder (Get-SimWinReFolder -Machine $Machine) }
    }
    $imageLoc = $zeroLoc
    $staged = 0
    $img = Get-SimProp $winre 'imageLocation'
    if ($null -ne $img) {
        $imgEntry = Find-SimPartition -Machine $Machine -DiskUniqueId ([string]$img.diskUniqueId) -Offset ([long]$img.partitionOffset)
        if ($null -ne $imgEntry) {
            $imageLoc = Format-SimReAgentLocationAttributes -Entry $imgEntry -Folder ([string]$img.path)
            if ($installState -eq 0) { $staged = 1 } # docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml: staged = InstallState 0 + WinREStaged 1
        }
    }
    $isServer = 0
    if ([string]$Machine.os.edition -like 'Server*') { $isServer = 1 }
    $lines = @(
        "<?xml version='1.0' encoding='utf-8'?>",
        '',
        '<WindowsRE version="2.0">',
        ('  <WinreBCD id="{' + [string]$winre.bcdId + '}"/>'),
        ('  <WinreLocation ' + $winreLoc + '/>'),
        ('  <ImageLocation ' + $imageLoc + '/>'),
        ('  <PBRImageLocation ' + $zeroLoc + ' index="0"/>'),
        ('  <PBRCustomImageLocation ' + $zeroLoc + ' index="0"/>'),
        ('  <InstallState state="' + $installState + '"/>'),
        '  <OsInstallAvailable state="0"/>',
        '  <CustomImageAvailable state="0"/>',
        '  <IsAutoRepairOn state="1"/>',
        ('  <WinREStaged state="' + $staged + '"/>'),
        '  <OperationParam path=""/>',
        '  <OperationPermanent state="0"/>',
        '  <OsBuildVersion path=""/>',
        '  <OemTool state="0"/>',
        ('  <IsServer state="' + $isServer + '"/>'),
        ('  <DownlevelWinreLocation ' + $zeroLoc + '/>'),
        '  <IsWimBoot state="0"/>',
        '  <NarratorScheduled state="0"/>',
        '  <ScheduledOperation state="4"/>',
        '</WindowsRE>'
    )
    return (($lines -join "`r`n") + "`r`n")
}

function Format-SimReAgentLocationAttributes {
    param([Parameter(Mandatory = $true)] $Entry, [Parameter(Mandatory = $true)][string] $Folder)
    $disk = $Entry.Disk
    $id = '0'
    $guid = $script:SimZeroGuid
    if ([string]$disk.partitionStyle -eq 'MBR') {
        $id = [string][long](Get-SimProp $disk 'signature' 0)
    } else {
        $g = [string](Get-SimProp $disk 'guid' '')
        if (-not [string]::IsNullOrEmpty($g)) { $guid = $g }
    }
    return 'path="' + $Folder + '" id="' + $id + '" offset="' + [long]$Entry.Partition.offset + '" guid="' + $guid + '"'
}

function Reset-SimReAgentConfigFile {
    # Called inside every reagentc mutation: reagentc rewrites ReAgent.xml from its new state, so a stored copy
    # (e.g. one a script edited) is dropped and the file is generated again from the state.
    param([Parameter(Mandatory = $true)] $Machine)
    $os = Get-SimOsEntry -Machine $Machine
    if ($null -ne $os) { $null = Remove-SimVolumeFile -Volume $os.Volume -Path ($script:SimWinReStageFolder + '\ReAgent.xml') }
    Remove-SimProp $Machine.winre 'reagentXmlMissing'
}

# ------------------------------------------------------------------------------------------------------------
# Choosing the partition for /enable: reagent's FindTargetPartition, as its log (ReAgent.log quoted in
# MHimken/WinRE-Customization#6) and its strings show. On the disk holding the staged image (the OS disk):
#   a recovery-typed partition (GPT de94bba4-..., MBR 0x27) holding $WINRE_BACKUP_PARTITION.MARKER is "the
#   existing WinRE partition" and is tried first (option 1; the marker is written by Windows Setup when it moves
#   WinRE off a partition - WinReSetupBackupWinRE/WinReSetupCleanupWinRE - not by /disable); otherwise the recovery-typed partition with the
#   lowest offset that meets the requirements (option 2: "skip partition beyond current candidate");
#   then, on MBR, the active system partition that is not the OS partition (option 3); then the OS partition
#   itself (option 5: WinRE in C:\Recovery\WindowsRE - the silent fallback, commercialization-public#324).
#   Requirements (MeetPartitionRequirements): free space >= WIM size + 52 MiB and no BitLocker on the volume
#   ("Partition has bitlocker ... skip partition").
#   No partition: BitLocker refusal text if a BitLocker volume was skipped (ZH2, #6), else failure 0x70 (112,
#   no disk space) if one lacked space, else failure 2 (partition not found).
# ASSUMPTION: /enable never creates or resizes partitions (option 4 and the expansion need 'allowed to
# repartition', which the log of #6 does not show for /enable).
# ------------------------------------------------------------------------------------------------------------

function Test-SimRecoveryTyped {
    param([Parameter(Mandatory = $true)] $Partition)
    $gpt = [string](Get-SimProp $Partition 'gptType' '')
    if ($gpt -eq $script:SimGptRecovery) { return $true }
    $mbr = Get-SimProp $Partition 'mbrType'
    return ($null -ne $mbr -and [int]$mbr -eq $script:SimRecoveryMbrType)
}

function Test-SimBitLockerVolume {
    # A volume "has bitlocker" for reagent when it is not fully decrypted (encrypted, encrypting, decrypting,
    # paused): VolumeStatus != 0 (docs/reference/bitlocker.md#volume-status-and-protection).
    param($Volume)
    if ($null -eq $Volume) { return $false }
    $bl = Get-SimProp $Volume 'bitLocker'
    if ($null -eq $bl) { return $false }
    return ([int]$bl.volumeStatus -ne 0)
}

function Test-SimWinReRequirements {
    # MeetPartitionRequirements: returns @{ Ok; NoSpace; BitLocker }. ASSUMPTION: a partition without a
    # formatted (non-RAW) volume does not qualify and sets neither flag.
    param([Parameter(Mandatory = $true)] $Entry, [Parameter(Mandatory = $true)][long] $WimSize)
    $result = @{ Ok = $false; NoSpace = $false; BitLocker = $false }
    $vol = $Entry.Volume
    if ($null -eq $vol -or [string]$vol.fileSystem -eq 'RAW') { return $result }
    if ((Get-SimVolumeFree -Volume $vol) -lt ($WimSize + $script:SimWinReFreeMargin)) { $result.NoSpace = $true }
    if (Test-SimBitLockerVolume -Volume $vol) { $result.BitLocker = $true }
    $result.Ok = (-not $result.NoSpace) -and (-not $result.BitLocker)
    return $result
}

function Find-SimWinReTarget {
    # Returns @{ Entry; NoSpace; BitLocker } (Entry $null when no partition qualifies).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $OsEntry, [Parameter(Mandatory = $true)][long] $WimSize)
    $state = @{ Entry = $null; NoSpace = $false; BitLocker = $false }
    $existing = $null
    $candidate = $null
    $mbrSystem = $null
    $sameDisk = @(Get-SimPartitionEntries -Machine $Machine -DiskNumber ([int]$OsEntry.Disk.number) | Sort-Object -Property { [long]$_.Partition.offset })
    foreach ($e in $sameDisk) {
        if ([long]$e.Partition.offset -eq [long]$OsEntry.Partition.offset) { continue }
        if (Test-SimRecoveryTyped -Partition $e.Partition) {
            if ($null -ne $e.Volume -and $null -ne (Get-SimVolumeFile -Volume $e.Volume -Path $script:SimWinReBackupMarker)) {
                if ($null -eq $existing) { $existing = $e }
                continue
            }
            if ($null -ne $candidate) { continue }
            $check = Test-SimWinReRequirements -Entry $e -WimSize $WimSize
            if ($check.NoSpace) { $state.NoSpace = $true }
            if ($check.BitLocker) { $state.BitLocker = $true }
            if ($check.Ok) { $candidate = $e }
        } elseif ([string]$OsEntry.Disk.partitionStyle -eq 'MBR' -and [bool]$e.Partition.isActive -and $null -eq $mbrSystem) {
            $mbrSystem = $e
        }
    }
    if ($null -ne $existing) {
        $check = Test-SimWinReRequirements -Entry $existing -WimSize $WimSize
        if ($check.NoSpace) { $state.NoSpace = $true }
        if ($check.BitLocker) { $state.BitLocker = $true }
        if ($check.Ok) { $state.Entry = $existing; return $state }
    }
    if ($null -ne $candidate) { $state.Entry = $candidate; return $state }
    foreach ($fallback in @($mbrSystem, $OsEntry)) {
        if ($null -eq $fallback) { continue }
        $check = Test-SimWinReRequirements -Entry $fallback -WimSize $WimSize
        if ($check.NoSpace) { $state.NoSpace = $true }
        if ($check.BitLocker) { $state.BitLocker = $true }
        if ($check.Ok) { $state.Entry = $fallback; return $state }
    }
    return $state
}

# ------------------------------------------------------------------------------------------------------------
# Output: a list of lines, each for stdout or stderr, emitted at the end in order.
# ------------------------------------------------------------------------------------------------------------

function New-SimReAgentRun {
    param([Parameter(Mandatory = $true)] $Machine)
    $rc = Get-SimProp $Machine 'reagentc'
    $onStderr = [bool](Get-SimProp $rc 'statusLinesOnStderr' $true)
    return @{
        Language = (Get-SimReAgentLanguage -Machine $Machine)
        Transcript = (Get-SimProp $rc 'transcript')
        StatusOnStderr = $onStderr
        Lines = (New-Object System.Collections.Generic.List[object])
        ExitCode = 0
    }
}

function Add-SimReAgentOut {
    param([Parameter(Mandatory = $true)] $Run, [AllowEmptyString()][string[]] $Text)
    foreach ($t in $Text) { $Run.Lines.Add(@{ Err = $false; Text = $t }) }
}

function Add-SimReAgentStatus {
    param([Parameter(Mandatory = $true)] $Run, [AllowEmptyString()][string[]] $Text)
    foreach ($t in $Text) { $Run.Lines.Add(@{ Err = [bool]$Run.StatusOnStderr; Text = $t }) }
}

function Add-SimReAgentSuccess {
    # The success output of a verb: the transcript's lines for it when the machine gives them (verbatim, each on
    # its stream), else the text table's success line. A verb the transcript lacks (e.g. /setreimage) prints the
    # transcript's own 'REAGENTC.EXE:' success line, so a machine never mixes two languages on success.
    param([Parameter(Mandatory = $true)] $Run, [string] $Verb = '')
    $given = @(Get-SimReAgentTranscriptLines -Run $Run -Verb $Verb)
    if ($given.Count -gt 0) {
        foreach ($l in $given) { $Run.Lines.Add(@{ Err = ([string]$l.stream -eq 'stderr'); Text = [string]$l.text }) }
        $Run.ExitCode = 0
        return
    }
    $success = Get-SimReAgentTranscriptSuccessLine -Run $Run
    if ($null -ne $success) {
        $Run.Lines.Add(@{ Err = ([string]$success.stream -eq 'stderr'); Text = [string]$success.text })
    } else {
        Add-SimReAgentStatus -Run $Run -Text (Get-SimReAgentText -Language $Run.Language -Key 'Success')
    }
    $Run.ExitCode = 0
}

function Get-SimReAgentTranscriptLines {
    # machine.reagentc.transcript.<verb> (disable, enable), or nothing.
    param([Parameter(Mandatory = $true)] $Run, [string] $Verb)
    if ($null -eq $Run.Transcript -or [string]::IsNullOrEmpty($Verb)) { return @() }
    return @(Get-SimProp $Run.Transcript $Verb @())
}

function Get-SimReAgentTranscriptSuccessLine {
    # The last 'REAGENTC.EXE:' line of the transcript's /info, /enable or /disable output (they end with the
    # same success line in every capture: JA1, E1-E4, ZH1-ZH5), or $null.
    param([Parameter(Mandatory = $true)] $Run)
    if ($null -eq $Run.Transcript) { return $null }
    foreach ($verb in @('info', 'enable', 'disable')) {
        $found = $null
        foreach ($l in @(Get-SimProp $Run.Transcript $verb @())) {
            if ([string]$l.text -match '^REAGENTC\.EXE\s*[:\uFF1A]') { $found = $l }
        }
        if ($null -ne $found) { return $found }
    }
    return $null
}

function Add-SimReAgentSentenceFailure {
    # A failure that prints one 'REAGENTC.EXE: <sentence>' line (image not found, BitLocker, ...).
    param([Parameter(Mandatory = $true)] $Run, [Parameter(Mandatory = $true)][string] $Key, [Parameter(Mandatory = $true)][long] $ExitCode)
    Add-SimReAgentStatus -Run $Run -Text (Get-SimReAgentText -Language $Run.Language -Key $Key)
    $Run.ExitCode = ConvertTo-SimExitCode -Code $ExitCode
}

function Add-SimReAgentCodeFailure {
    # 'REAGENTC.EXE: Operation failed: <hex>', blank, 'REAGENTC.EXE: An error has occurred.' (E6, E8).
    param([Parameter(Mandatory = $true)] $Run, [Parameter(Mandatory = $true)][long] $Code)
    $failed = (Get-SimReAgentText -Language $Run.Language -Key 'OperationFailed') + (Format-SimHexCode -Code $Code)
    Add-SimReAgentStatus -Run $Run -Text @($failed, '', (Get-SimReAgentText -Language $Run.Language -Key 'ErrorOccurred'))
    $Run.ExitCode = ConvertTo-SimExitCode -Code $Code
}

function Add-SimReAgentFault {
    # Declared fault (machine.faults[], command 'reagentc /<verb>'). Names: OperationFailed<hex> (e.g.
    # OperationFailed70, OperationFailedd, OperationFailed4c7), DiskFull (= 0x70), AccessDenied (= 5),
    # Cancelled (= 0x4c7), ImageNotFound, BitLockerEnabled, BcdUpdateFailed, TargetNotFound, AlreadyDisabled.
    param([Parameter(Mandatory = $true)] $Run, [Parameter(Mandatory = $true)][string] $Name)
    switch -Regex ($Name) {
        '^OperationFailed([0-9A-Fa-f]{1,8})$' { Add-SimReAgentCodeFailure -Run $Run -Code ([Convert]::ToInt64($Matches[1], 16)); return }
        '^DiskFull$' { Add-SimReAgentCodeFailure -Run $Run -Code 112; return }
        '^AccessDenied$' { Add-SimReAgentCodeFailure -Run $Run -Code 5; return }
        '^Cancelled$' { Add-SimReAgentCodeFailure -Run $Run -Code 0x4c7; return }
        '^ImageNotFound$' { Add-SimReAgentSentenceFailure -Run $Run -Key 'ImageNotFound' -ExitCode $script:SimReAgentExit.ImageNotFound; return }
        '^BitLockerEnabled$' { Add-SimReAgentSentenceFailure -Run $Run -Key 'BitLocker' -ExitCode $script:SimReAgentExit.NotFound; return }
        '^BcdUpdateFailed$' { Add-SimReAgentSentenceFailure -Run $Run -Key 'BcdFailed' -ExitCode $script:SimReAgentExit.BcdFailed; return }
        '^TargetNotFound$' { Add-SimReAgentSentenceFailure -Run $Run -Key 'TargetNotFound' -ExitCode $script:SimReAgentExit.TargetNotFound; return }
        '^AlreadyDisabled$' { Add-SimReAgentSentenceFailure -Run $Run -Key 'AlreadyDisabled' -ExitCode $script:SimReAgentExit.AlreadyDisabled; return }
    }
    throw "Simulator: unknown reagentc fault '$Name' (see docs/simulation.md, reagentc.exe faults)."
}

# ------------------------------------------------------------------------------------------------------------
# The verbs.
# ------------------------------------------------------------------------------------------------------------

function Get-SimReAgentShownStatus {
    # The status /info prints: a deferred /enable (reagentc.enableDeferredUntilReboot) shows Disabled until the
    # next reboot clears pendingReboot.winreEnable (simulator/70-Reboot.ps1).
    param([Parameter(Mandatory = $true)] $Machine)
    if ([bool](Get-SimProp (Get-SimProp $Machine 'pendingReboot') 'winreEnable' $false)) { return 'Disabled' }
    return [string]$Machine.winre.status
}

function Get-SimReAgentInfoValues {
    # The /info body values in their fixed order (docs/reference/reagentc.md#what-stays-the-same-in-every-language):
    # status, location, BCD id, recovery image location, index, custom image location, index; then the version
    # ($null when this machine prints no version line now).
    param([Parameter(Mandatory = $true)] $Machine)
    $winre = $Machine.winre
    $shown = Get-SimReAgentShownStatus -Machine $Machine
    $location = ''
    if ($shown -eq 'Enabled') { $location = Get-SimWinReLocationText -Machine $Machine }
    $version = $null
    $rc = Get-SimProp $Machine 'reagentc'
    # 'Windows RE Version' (24H2+, E2): reagentc.showsVersionLine; while disabled only with
    # versionLineWhenDisabled, as 0.0.0.0 (ZH6, de-DE 25H2 report) [docs/reference/reagentc.md#what-stays-the-same-in-every-language].
    if ([bool](Get-SimProp $rc 'showsVersionLine' $false)) {
        if ($shown -eq 'Enabled') {
            $version = [string]$winre.version
        } elseif ([bool](Get-SimProp $rc 'versionLineWhenDisabled' $false)) {
            $version = '0.0.0.0'
        }
    }
    return @($shown, $location, [string]$winre.bcdId, '', '0', '', '0', $version)
}

function Invoke-SimReAgentInfoFromTranscript {
    # /info from a pasted transcript: each indented 'label: value' line (label ending in ':' or a full-width
    # colon) takes, by position, the machine's value; the label and, when the capture had a value, its padding
    # are kept as pasted; a captured empty value (pastes often lose the padding) gets the rule's padding back
    # (Format-SimReAgentInfoLine). Every other line (title, blank lines, the success line) is printed as given,
    # on its stream; an empty value stays as pasted. A version line (the 8th) is printed only when the machine
    # shows one now.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run)
    $values = @(Get-SimReAgentInfoValues -Machine $Machine)
    $index = 0
    foreach ($l in @($Run.Transcript.info)) {
        $text = [string]$l.text
        $err = ([string]$l.stream -eq 'stderr')
        if (-not $err -and $text -match '^(\s+)(\S.*?[:\uFF1A])(\s*)(.*)$' -and $index -lt $values.Count) {
            $value = $values[$index]
            $index++
            if ($null -eq $value) { continue }
            if ($Matches[4].Length -gt 0) {
                $text = $Matches[1] + $Matches[2] + $Matches[3] + $value
            } elseif ($value.Length -gt 0) {
                $text = Format-SimReAgentInfoLine -Label $Matches[2] -Value $value
            }
        }
        $Run.Lines.Add(@{ Err = $err; Text = $text })
    }
    $Run.ExitCode = 0
}

function Invoke-SimReAgentInfo {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run)
    if ($null -ne $Run.Transcript) {
        Invoke-SimReAgentInfoFromTranscript -Machine $Machine -Run $Run
        return
    }
    $lang = $Run.Language
    $winre = $Machine.winre
    $values = @(Get-SimReAgentInfoValues -Machine $Machine)
    $head = @(Get-SimReAgentText -Language $lang -Key 'Title')
    $info = Get-SimReAgentText -Language $lang -Key 'Information'
    if ($null -ne $info) { $head += $info }
    Add-SimReAgentOut -Run $Run -Text ($head + @(''))
    $body = @(
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'Status') -Value $values[0]),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'Location') -Value $values[1]),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'Bcd') -Value ([string]$winre.bcdId)),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'RecoveryImageLocation') -Value ''),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'RecoveryImageIndex') -Value '0'),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'CustomImageLocation') -Value ''),
        (Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'CustomImageIndex') -Value '0')
    )
    if ($null -ne $values[7]) {
        $body += Format-SimReAgentInfoLine -Label (Get-SimReAgentText $lang 'Version') -Value $values[7]
    }
    Add-SimReAgentOut -Run $Run -Text ($body + @(''))
    Add-SimReAgentSuccess -Run $Run
}

function Get-SimStaleImageLocation {
    # A stored ReAgent.xml (one a script or an image capture left) that says InstallState 1 and keeps a non-empty
    # ImageLocation no disk of this PC answers to (id = MBR signature in decimal, or 0 with the disk GUID; offset =
    # a partition's offset): the element text, else $null. Microsoft's example of such a file is an image captured
    # on another PC (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
    param([Parameter(Mandatory = $true)] $Machine)
    $os = Get-SimOsEntry -Machine $Machine
    if ($null -eq $os) { return $null }
    $file = Get-SimVolumeFile -Volume $os.Volume -Path ($script:SimWinReStageFolder + '\ReAgent.xml')
    if ($null -eq $file) { return $null }
    $text = [string](Get-SimProp $file 'content' '')
    if ($text -notmatch '<InstallState\s+state="1"') { return $null }
    $element = [regex]::Match($text, '<ImageLocation\b[^>]*/>')
    if (-not $element.Success) { return $null }
    $path = [regex]::Match($element.Value, '\bpath="([^"]*)"').Groups[1].Value
    $id = [regex]::Match($element.Value, '\bid="(\d+)"').Groups[1].Value
    $offset = [regex]::Match($element.Value, '\boffset="(\d+)"').Groups[1].Value
    $guid = [regex]::Match($element.Value, '\bguid="([^"]*)"').Groups[1].Value
    if ($path -eq '' -and ($offset -eq '' -or $offset -eq '0')) { return $null }
    foreach ($d in @($Machine.disks)) {
        $sameDisk = $false
        $signature = Get-SimProp $d 'signature' $null
        if ($null -ne $signature -and $id -ne '' -and $id -ne '0' -and [string][long]$signature -eq $id) { $sameDisk = $true }
        if (($id -eq '0' -or $id -eq '') -and $null -ne (Get-SimProp $d 'guid' $null) -and [string]::Equals([string]$d.guid, $guid, [System.StringComparison]::OrdinalIgnoreCase)) { $sameDisk = $true }
        if (-not $sameDisk) { continue }
        foreach ($p in @($d.partitions)) { if ([string][long]$p.offset -eq $offset) { return $null } }
    }
    return [string]$element.Value
}

function Invoke-SimReAgentDisable {
    # Moves <WinRE partition>\Recovery\WindowsRE\Winre.wim to C:\Windows\System32\Recovery\Winre.wim (same size
    # and hash), status Disabled, location empty, BCD id kept (E1, ZH1-ZH3) [docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml].
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run)
    if ([string]$Machine.winre.status -ne 'Enabled') {
        Add-SimReAgentSentenceFailure -Run $Run -Key 'AlreadyDisabled' -ExitCode $script:SimReAgentExit.AlreadyDisabled
        return
    }
    # ASSUMPTION: with a stale ImageLocation (no partition of this PC answers to it) reagentc /disable tries to stage
    # the image there, fails with ERROR_FILE_NOT_FOUND and changes nothing. No Microsoft text says so; it is why
    # Microsoft's KB5028997 sample blanks ImageLocation before /disable (docs/reference/reagentc.md#microsofts-sample-script).
    if ($null -ne (Get-SimStaleImageLocation -Machine $Machine)) {
        Add-SimReAgentCodeFailure -Run $Run -Code $script:SimReAgentExit.NotFound
        return
    }
    $os = Get-SimOsEntry -Machine $Machine
    $from = Get-SimWinReEntry -Machine $Machine
    $fromPath = (Get-SimWinReFolder -Machine $Machine) + '\Winre.wim'
    $toPath = $script:SimWinReStageFolder + '\Winre.wim'
    $wim = $null
    if ($null -ne $from) { $wim = Get-SimVolumeFile -Volume $from.Volume -Path $fromPath }
    if ($null -ne $wim -and -not [object]::ReferenceEquals($from.Volume, $os.Volume)) {
        # ASSUMPTION: no room on C: for the image fails as ERROR_DISK_FULL before anything changes.
        $existingStage = Get-SimVolumeFile -Volume $os.Volume -Path $toPath
        $needed = [long]$wim.size
        if ($null -ne $existingStage) { $needed -= [long]$existingStage.size }
        if ((Get-SimVolumeFree -Volume $os.Volume) -lt $needed) {
            Add-SimReAgentCodeFailure -Run $Run -Code $script:SimReAgentExit.DiskFull
            return
        }
    }
    $detail = 'disable'
    if ($null -ne $wim) { $detail = 'disable: ' + (Get-SimGlobalRootPath -Entry $from -Folder $fromPath) + ' -> ' + $Machine.os.systemDrive + $toPath }
    $null = Invoke-SimMutation -Machine $Machine -Command 'reagentc /disable' -Detail $detail -Action {
        param($m)
        $osNow = Get-SimOsEntry -Machine $m
        $fromNow = Get-SimWinReEntry -Machine $m
        if ($null -ne $fromNow -and $null -ne (Get-SimVolumeFile -Volume $fromNow.Volume -Path $fromPath)) {
            $moved = Move-SimVolumeFile -FromVolume $fromNow.Volume -FromPath $fromPath -ToVolume $osNow.Volume -ToPath $toPath
            Set-SimProp $moved 'hidden' $true
        }
        $m.winre.status = 'Disabled'
        Remove-SimProp $m.winre 'location'
        Clear-SimDeferredEnable -Machine $m
        Reset-SimReAgentConfigFile -Machine $m
    }
    Add-SimReAgentSuccess -Run $Run -Verb 'disable'
}

function Set-SimDeferredEnable {
    # reagentc.enableDeferredUntilReboot: the enable is done (image moved, configuration written) but /info says
    # Disabled until the next reboot (pendingReboot.winreEnable, cleared by Invoke-SimReboot).
    # ASSUMPTION: modelled on the field report of issue 13 ("reagentc /enable succeeds but /info says Disabled
    # until a reboot"); no Microsoft source documents it, and ReAgent.xml is taken to say enabled at once.
    param([Parameter(Mandatory = $true)] $Machine)
    if (-not [bool](Get-SimProp (Get-SimProp $Machine 'reagentc') 'enableDeferredUntilReboot' $false)) { return }
    $pending = Get-SimProp $Machine 'pendingReboot'
    if ($null -eq $pending) {
        $pending = [pscustomobject]@{}
        Set-SimProp $Machine 'pendingReboot' $pending
    }
    Set-SimProp $pending 'winreEnable' $true
}

function Clear-SimDeferredEnable {
    param([Parameter(Mandatory = $true)] $Machine)
    $pending = Get-SimProp $Machine 'pendingReboot'
    if ($null -ne $pending) { Remove-SimProp $pending 'winreEnable' }
}

function Invoke-SimReAgentEnable {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run)
    $winre = $Machine.winre
    if ([string]$winre.status -eq 'Enabled') {
        # ASSUMPTION: /enable on an enabled WinRE changes nothing and succeeds (no verified text:
        # docs/reference/reagentc.md#disable-enable-and-setreimage "Do not invent one").
        Add-SimReAgentSuccess -Run $Run -Verb 'enable'
        return
    }
    # Audit Mode / OOBE: /enable fails with 0x4c7 (ArthurJDurand/WinRE-Manager docs/deployment.md;
    # docs/reference/tools-landscape.md#f16-audit-mode-and-oobe) [3rd-party].
    if ([string]$Machine.os.imageState -ne 'IMAGE_STATE_COMPLETE') {
        Add-SimReAgentCodeFailure -Run $Run -Code 0x4c7
        return
    }
    $os = Get-SimOsEntry -Machine $Machine
    $img = Get-SimProp $winre 'imageLocation'
    if ($null -ne $img) {
        # Staged by /setreimage: installed in place on that partition (E4: /setreimage /path R:\... then /enable
        # -> location = that partition; ZH2: staged on a BitLocker C: -> BitLocker refusal).
        $imgEntry = Find-SimPartition -Machine $Machine -DiskUniqueId ([string]$img.diskUniqueId) -Offset ([long]$img.partitionOffset)
        $imgFolder = [string]$img.path
        if ($null -eq $imgEntry -or $null -eq (Get-SimVolumeFile -Volume $imgEntry.Volume -Path ($imgFolder + '\Winre.wim'))) {
            Add-SimReAgentSentenceFailure -Run $Run -Key 'ImageNotFound' -ExitCode $script:SimReAgentExit.ImageNotFound
            return
        }
        if (Test-SimBitLockerVolume -Volume $imgEntry.Volume) {
            Add-SimReAgentSentenceFailure -Run $Run -Key 'BitLocker' -ExitCode $script:SimReAgentExit.NotFound
            return
        }
        $newBcd = [guid]::NewGuid().ToString()
        $detail = 'enable in place: ' + (Get-SimGlobalRootPath -Entry $imgEntry -Folder $imgFolder)
        $null = Invoke-SimMutation -Machine $Machine -Command 'reagentc /enable' -Detail $detail -Action {
            param($m)
            $m.winre.status = 'Enabled'
            $loc = [pscustomobject][ordered]@{ diskUniqueId = [string]$img.diskUniqueId; partitionOffset = [long]$img.partitionOffset }
            if (-not [string]::Equals($imgFolder, $script:SimWinReDefaultFolder, [System.StringComparison]::OrdinalIgnoreCase)) {
                Set-SimProp $loc 'path' $imgFolder
            }
            Set-SimProp $m.winre 'location' $loc
            $m.winre.bcdId = $newBcd
            Remove-SimProp $m.winre 'imageLocation'
            Set-SimDeferredEnable -Machine $m
            Reset-SimReAgentConfigFile -Machine $m
        }
        Add-SimReAgentSuccess -Run $Run -Verb 'enable'
        return
    }
    $stagePath = $script:SimWinReStageFolder + '\Winre.wim'
    $wim = $null
    if ($null -ne $os) { $wim = Get-SimVolumeFile -Volume $os.Volume -Path $stagePath }
    if ($null -eq $wim) {
        Add-SimReAgentSentenceFailure -Run $Run -Key 'ImageNotFound' -ExitCode $script:SimReAgentExit.ImageNotFound
        return
    }
    $choice = Find-SimWinReTarget -Machine $Machine -OsEntry $os -WimSize ([long]$wim.size)
    if ($null -eq $choice.Entry) {
        $code = $script:SimReAgentExit.NotFound
        if ($choice.NoSpace) { $code = $script:SimReAgentExit.DiskFull }
        if ($choice.BitLocker) {
            Add-SimReAgentSentenceFailure -Run $Run -Key 'BitLocker' -ExitCode $code
        } else {
            Add-SimReAgentCodeFailure -Run $Run -Code $code
        }
        return
    }
    $target = $choice.Entry
    $targetPath = $script:SimWinReDefaultFolder + '\Winre.wim'
    $targetDisk = [string]$target.Disk.uniqueId
    $targetOffset = [long]$target.Partition.offset
    $newBcd = [guid]::NewGuid().ToString()
    $detail = 'enable: ' + $Machine.os.systemDrive + $stagePath + ' -> ' + (Get-SimGlobalRootPath -Entry $target -Folder $targetPath)
    $null = Invoke-SimMutation -Machine $Machine -Command 'reagentc /enable' -Detail $detail -Action {
        param($m)
        $osNow = Get-SimOsEntry -Machine $m
        $t = Find-SimPartition -Machine $m -DiskUniqueId $targetDisk -Offset $targetOffset
        $moved = Move-SimVolumeFile -FromVolume $osNow.Volume -FromPath $stagePath -ToVolume $t.Volume -ToPath $targetPath
        Set-SimProp $moved 'hidden' $true
        $null = Remove-SimVolumeFile -Volume $t.Volume -Path $script:SimWinReBackupMarker
        $m.winre.status = 'Enabled'
        Set-SimProp $m.winre 'location' ([pscustomobject][ordered]@{ diskUniqueId = $targetDisk; partitionOffset = $targetOffset })
        $m.winre.bcdId = $newBcd
        Set-SimDeferredEnable -Machine $m
        Reset-SimReAgentConfigFile -Machine $m
    }
    Add-SimReAgentSuccess -Run $Run -Verb 'enable'
}

function Test-SimFolderExists {
    # A folder exists when it is the root, is listed in volume.directories, or holds a listed file/folder.
    param([Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)][string] $Folder)
    if ($Folder -eq '\') { return $true }
    $prefix = $Folder.TrimEnd('\') + '\'
    foreach ($d in @(Get-SimProp $Volume 'directories' @())) {
        if ($null -eq $d) { continue }
        $ds = [string]$d
        if ([string]::Equals($ds.TrimEnd('\'), $Folder.TrimEnd('\'), [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
        if ($ds.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    foreach ($f in @($Volume.files)) {
        if ($null -ne $f -and ([string]$f.path).StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Invoke-SimReAgentSetReImage {
    # /setreimage /path <folder> [/target <windows dir>]: prints 'Directory set to: <GLOBALROOT path>', a blank
    # line and success (E4, ZH2, ZH5); status and location do not change until /enable (ZH2).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run, [string[]] $Arguments)
    $path = $null
    $target = $null
    for ($i = 1; $i -lt $Arguments.Count; $i++) {
        $a = $Arguments[$i].ToLowerInvariant()
        if ($a -eq '/path' -and $i + 1 -lt $Arguments.Count) { $path = $Arguments[$i + 1]; $i++; continue }
        if ($a -eq '/target' -and $i + 1 -lt $Arguments.Count) { $target = $Arguments[$i + 1]; $i++; continue }
        Add-SimReAgentCodeFailure -Run $Run -Code 0x57 # ASSUMPTION: invalid arguments = ERROR_INVALID_PARAMETER
        return
    }
    if ([string]::IsNullOrEmpty($path)) { Add-SimReAgentCodeFailure -Run $Run -Code 0x57; return }
    if (-not (Test-SimReAgentTarget -Machine $Machine -Target $target)) {
        Add-SimReAgentSentenceFailure -Run $Run -Key 'TargetNotFound' -ExitCode $script:SimReAgentExit.TargetNotFound
        return
    }
    $resolved = Resolve-SimPath -Machine $Machine -Path $path
    if ($null -eq $resolved -or -not (Test-SimFolderExists -Volume $resolved.Volume -Folder $resolved.RelativePath)) {
        Add-SimReAgentCodeFailure -Run $Run -Code $script:SimReAgentExit.BadPath
        return
    }
    $folder = $resolved.RelativePath
    $diskId = [string]$resolved.Disk.uniqueId
    $offset = [long]$resolved.Partition.offset
    $shown = Get-SimGlobalRootPath -Entry $resolved -Folder $folder
    $null = Invoke-SimMutation -Machine $Machine -Command 'reagentc /setreimage' -Detail ('setreimage: ' + $shown) -Action {
        param($m)
        Set-SimProp $m.winre 'imageLocation' ([pscustomobject][ordered]@{ diskUniqueId = $diskId; partitionOffset = $offset; path = $folder })
        Reset-SimReAgentConfigFile -Machine $m
    }
    Add-SimReAgentOut -Run $Run -Text @(((Get-SimReAgentText -Language $Run.Language -Key 'DirectorySet') + $shown), '')
    Add-SimReAgentSuccess -Run $Run
}

function Test-SimReAgentTarget {
    # /target must name the running Windows (<system drive>\Windows); other (offline) images are not simulated.
    # ASSUMPTION: another target prints 'The target Windows installation was not found.' (E8 wording).
    param([Parameter(Mandatory = $true)] $Machine, [string] $Target)
    if ([string]::IsNullOrEmpty($Target)) { return $true }
    $want = [string]$Machine.os.systemDrive + '\Windows'
    return [string]::Equals($Target.TrimEnd('\'), $want, [System.StringComparison]::OrdinalIgnoreCase)
}

function Get-SimReAgentPathArgument {
    # The folder after /path (case-insensitive), or $null.
    param([AllowEmptyCollection()][string[]] $Arguments = @())
    for ($i = 1; $i -lt $Arguments.Count - 1; $i++) {
        if (([string]$Arguments[$i]).ToLowerInvariant() -eq '/path') { return [string]$Arguments[$i + 1] }
    }
    return $null
}
function Invoke-SimReAgentMountRe {
    # reagentc /mountre /path <dir>: mounts the ACTIVE winre.wim (on the WinRE partition) into <dir> through DISM
    # (simulator/66-Dism.ps1), so DISM lists it with the \\?\GLOBALROOT path (REAgentC command-line options,
    # https://learn.microsoft.com/windows-hardware/manufacture/desktop/reagentc-command-line-options: "/mountre /path
    # <mount directory> - Mounts the Windows RE image to the specified directory"; Microsoft's KB5034957 sample and
    # Add an update package to Windows RE use it). WinRE must be enabled (MHimken/WinRE-Customization changelog,
    # Oct 2023). ASSUMPTION: disabled, or a DISM failure, prints 'Operation failed: <code>' as the other verbs do.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run, [AllowEmptyCollection()][string[]] $Arguments = @())
    $dir = Get-SimReAgentPathArgument -Arguments $Arguments
    if ([string]::IsNullOrEmpty($dir)) { Add-SimReAgentCodeFailure -Run $Run -Code 0x57; return }
    $entry = $null
    if ([string]$Machine.winre.status -eq 'Enabled') { $entry = Get-SimWinReEntry -Machine $Machine }
    if ($null -eq $entry) { Add-SimReAgentCodeFailure -Run $Run -Code $script:SimReAgentExit.NotFound; return }
    $wim = Get-SimGlobalRootPath -Entry $entry -Folder ((Get-SimWinReFolder -Machine $Machine) + '\Winre.wim')
    $r = Invoke-SimDismMount -Machine $Machine -Command 'reagentc /mountre' -ImagePath $wim -Index 1 -MountDir $dir -ShownImagePath $wim -MountedBy 'reagentc'
    if ($null -ne $r.Error) { Add-SimReAgentCodeFailure -Run $Run -Code ([long]$r.Error.Code); return }
    Add-SimReAgentSuccess -Run $Run -Verb 'mountre'
}
function Invoke-SimReAgentUnmountRe {
    # reagentc /unmountre /path <dir> /commit | /discard: DISM's unmount of that mount (the commit writes the WinRE
    # partition's winre.wim in place). ASSUMPTION: neither or both of /commit and /discard is a bad argument (0x57).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Run, [AllowEmptyCollection()][string[]] $Arguments = @())
    $dir = Get-SimReAgentPathArgument -Arguments $Arguments
    $lower = @($Arguments | ForEach-Object { ([string]$_).ToLowerInvariant() })
    $commit = $lower -contains '/commit'
    $discard = $lower -contains '/discard'
    if ([string]::IsNullOrEmpty($dir) -or ($commit -eq $discard)) { Add-SimReAgentCodeFailure -Run $Run -Code 0x57; return }
    $r = Invoke-SimDismUnmount -Machine $Machine -Command 'reagentc /unmountre' -MountDir $dir -Commit $commit
    if ($null -ne $r.Error) { Add-SimReAgentCodeFailure -Run $Run -Code ([long]$r.Error.Code); return }
    Add-SimReAgentSuccess -Run $Run -Verb 'unmountre'
}
function Invoke-SimReAgentTool {
    # The simulated ReAgentc.exe. Arguments as given on a command line ('/info', '/setreimage', '/path', 'R:\...').
    # Returns the run: @{ Lines = [{ Err; Text }] in print order; ExitCode }. The executables on PATH
    # (simulator/host/native-host.ps1) print it: Err lines on stderr, the others on stdout (docs/simulation.md
    # "Executables").
    param([AllowEmptyCollection()][string[]] $Arguments = @())
    $argv = @($Arguments | Where-Object { $null -ne $_ -and $_ -ne '' })
    $verb = ''
    if ($argv.Count -gt 0) { $verb = ([string]$argv[0]).ToLowerInvariant() }
    $machine = Read-SimMachine
    $run = New-SimReAgentRun -Machine $machine
    $command = 'reagentc'
    if ($verb -in @('/info', '/disable', '/enable', '/setreimage', '/mountre', '/unmountre')) { $command = 'reagentc ' + $verb }
    $fault = Register-SimCall -Machine $machine -Command $command
    if (-not [bool]$machine.os.isElevated) {
        # E6: the sentence and two blank lines on stdout, the failure lines on stderr.
        Add-SimReAgentOut -Run $run -Text @((Get-SimReAgentText -Language $run.Language -Key 'NotElevated'), '', '')
        Add-SimReAgentCodeFailure -Run $run -Code $script:SimReAgentExit.NotElevated
    } elseif ($null -ne $fault) {
        Add-SimReAgentFault -Run $run -Name $fault
    } else {
        switch ($verb) {
            '/info' {
                if ($argv.Count -gt 1 -and -not ($argv.Count -eq 3 -and ([string]$argv[1]).ToLowerInvariant() -eq '/target' -and (Test-SimReAgentTarget -Machine $machine -Target $argv[2]))) {
                    Add-SimReAgentCodeFailure -Run $run -Code 0x57
                } else {
                    Invoke-SimReAgentInfo -Machine $machine -Run $run
                }
            }
            '/disable' { Invoke-SimReAgentDisable -Machine $machine -Run $run }
            '/enable' { Invoke-SimReAgentEnable -Machine $machine -Run $run }
            '/setreimage' { Invoke-SimReAgentSetReImage -Machine $machine -Run $run -Arguments $argv }
            '/mountre' { Invoke-SimReAgentMountRe -Machine $machine -Run $run -Arguments $argv }
            '/unmountre' { Invoke-SimReAgentUnmountRe -Machine $machine -Run $run -Arguments $argv }
            default { Add-SimReAgentCodeFailure -Run $run -Code 0x57 } # ASSUMPTION: other verbs are not simulated.
        }
    }
    return $run
}
