# Reads a WIM file's own metadata (the version Windows itself calls "the WinRE version") without mounting it.
# Loaded into every session (production and simulation). Must run on Windows PowerShell 5.1 and PowerShell 7.
#
# Read-WinReFixWimInfo -Path <file> reads the 208-byte header and the XML resource it points to, nothing else:
#  - header (wimlib include/wimlib/header.h, https://github.com/ebiggers/wimlib/blob/master/include/wimlib/header.h):
#    magic "MSWIM\0\0\0" at 0, header size (208) at 0x08, flags at 0x10 (0x40 = WIM_HDR_FLAG_WRITE_IN_PROGRESS: a
#    writer never finished, the image is damaged), image count at 0x2C, and at 0x48 the XML resource header:
#    7 bytes of stored size + 1 flag byte, 8 bytes of offset, 8 bytes of original size;
#  - the XML is stored uncompressed as UTF-16LE (BOM FF FE); image 1's WINDOWS/VERSION/MAJOR.MINOR.BUILD.SPBUILD is
#    what WinREAgent's GetWinREVersion reports through DismGetImageInfo (docs/reference/winre-version.md#reading-the-version).
# It never writes and opens the file with FileShare.ReadWrite|Delete, so a running servicing stack is not blocked.
#
# Simulation seam: when a FUNCTION named Get-SimWimBytes exists (only the simulator defines one), the bytes come
# from it instead of the disk; the parsing below is the same code on both.
# Result: [ordered]@{ readable; error; writeInProgress; imageCount; version; build; spBuild; architecture; editionId;
# installationType; name }.

Set-StrictMode -Version 3.0

# The XML of a WinRE image is a few KiB; anything this large is not WIM metadata (a damaged or foreign file).
$script:WinReFixWimMaxXmlBytes = 16MB

function ConvertFrom-WinReFixWimXml {
    # Image 1's facts from the WIM XML text. The reader prohibits DTDs and resolves nothing: the file is untrusted.
    param([Parameter(Mandatory = $true)][string] $Text)
    $settings = New-Object System.Xml.XmlReaderSettings
    $settings.DtdProcessing = [System.Xml.DtdProcessing]::Prohibit
    $settings.XmlResolver = $null
    $reader = [System.Xml.XmlReader]::Create((New-Object System.IO.StringReader($Text)), $settings)
    try {
        $doc = New-Object System.Xml.XmlDocument
        $doc.XmlResolver = $null
        $doc.Load($reader)
    } finally {
        $reader.Close()
    }
    $image = $doc.SelectSingleNode('/WIM/IMAGE[@INDEX="1"]')
    if ($null -eq $image) { throw 'the WIM XML has no IMAGE INDEX="1"' }
    $parts = @()
    foreach ($name in @('MAJOR', 'MINOR', 'BUILD', 'SPBUILD')) {
        $node = $image.SelectSingleNode('WINDOWS/VERSION/' + $name)
        $value = 0
        if ($null -eq $node -or -not [int]::TryParse(([string]$node.InnerText).Trim(), [ref]$value)) {
            throw ('image 1 has no numeric WINDOWS/VERSION/' + $name)
        }
        $parts += $value
    }
    $arch = $null
    $archNode = $image.SelectSingleNode('WINDOWS/ARCH')
    $archValue = 0
    if ($null -ne $archNode -and [int]::TryParse(([string]$archNode.InnerText).Trim(), [ref]$archValue)) { $arch = $archValue }
    $edition = $null
    $editionNode = $image.SelectSingleNode('WINDOWS/EDITIONID')
    if ($null -ne $editionNode) { $edition = ([string]$editionNode.InnerText).Trim() }
    $installationType = $null
    $typeNode = $image.SelectSingleNode('WINDOWS/INSTALLATIONTYPE')
    if ($null -ne $typeNode) { $installationType = ([string]$typeNode.InnerText).Trim() }
    $imageName = $null
    $nameNode = $image.SelectSingleNode('NAME')
    if ($null -ne $nameNode) { $imageName = ([string]$nameNode.InnerText).Trim() }
    return [ordered]@{
        version      = (($parts | ForEach-Object { [string]$_ }) -join '.')
        build        = [int]$parts[2]
        spBuild      = [int]$parts[3]
        architecture = $arch
        editionId    = $edition
        installationType = $installationType
        name         = $imageName
    }
}

function Read-WinReFixWimStreamInfo {
    # The header and XML of an open, seekable stream (see the top of this file for the layout).
    param([Parameter(Mandatory = $true)][System.IO.Stream] $Stream)
    $header = New-Object byte[] 208
    $read = 0
    while ($read -lt 208) {
        $n = $Stream.Read($header, $read, 208 - $read)
        if ($n -le 0) { break }
        $read += $n
    }
    if ($read -lt 208) { throw ('the file is ' + $read + ' bytes long, shorter than a WIM header (208)') }
    $magic = [System.Text.Encoding]::ASCII.GetString($header, 0, 5)
    if ($magic -ne 'MSWIM' -or $header[5] -ne 0 -or $header[6] -ne 0 -or $header[7] -ne 0) { throw 'not a WIM file (no MSWIM magic)' }
    $flags = [System.BitConverter]::ToUInt32($header, 0x10)
    $imageCount = [System.BitConverter]::ToUInt32($header, 0x2C)
    # Stored size: the low 7 bytes of the first 8 (the 8th is the resource flags).
    $sizeBytes = New-Object byte[] 8
    [System.Array]::Copy($header, 0x48, $sizeBytes, 0, 7)
    $xmlSize = [System.BitConverter]::ToInt64($sizeBytes, 0)
    $xmlOffset = [System.BitConverter]::ToInt64($header, 0x50)
    if ($xmlSize -lt 2 -or $xmlSize -gt $script:WinReFixWimMaxXmlBytes) { throw ('the XML resource size ' + $xmlSize + ' is not plausible') }
    if ($xmlOffset -lt 208 -or ($xmlOffset + $xmlSize) -gt $Stream.Length) { throw ('the XML resource (offset ' + $xmlOffset + ', ' + $xmlSize + ' bytes) lies outside the file') }
    [void]$Stream.Seek($xmlOffset, [System.IO.SeekOrigin]::Begin)
    $xmlBytes = New-Object byte[] ([int]$xmlSize)
    $read = 0
    while ($read -lt $xmlSize) {
        $n = $Stream.Read($xmlBytes, $read, [int]$xmlSize - $read)
        if ($n -le 0) { break }
        $read += $n
    }
    if ($read -lt $xmlSize) { throw 'the XML resource is cut short' }
    $start = 0
    if ($xmlBytes[0] -eq 0xFF -and $xmlBytes[1] -eq 0xFE) { $start = 2 }
    $text = [System.Text.Encoding]::Unicode.GetString($xmlBytes, $start, [int]$xmlSize - $start)
    $facts = ConvertFrom-WinReFixWimXml -Text $text
    return [ordered]@{
        readable        = $true
        error           = $null
        writeInProgress = (($flags -band 0x40) -ne 0)
        imageCount      = [int]$imageCount
        version         = $facts.version
        build           = $facts.build
        spBuild         = $facts.spBuild
        architecture    = $facts.architecture
        editionId       = $facts.editionId
        installationType = $facts.installationType
        name            = $facts.name
    }
}

function Open-WinReFixWimStream {
    # The file opened for reading (FileShare.ReadWrite|Delete), or its bytes from the simulator's seam. Throws what
    # opening throws (FileNotFoundException, UnauthorizedAccessException, IOException of an unreachable share):
    # Read-SuppliedWinReImage tells them apart by type.
    param([Parameter(Mandatory = $true)][string] $Path)
    $simulated = Get-Command -Name 'Get-SimWimBytes' -CommandType Function -ErrorAction SilentlyContinue
    if ($null -ne $simulated) {
        $bytes = [byte[]](& $simulated -Path $Path)
        return (New-Object System.IO.MemoryStream(, $bytes))
    }
    $share = [System.IO.FileShare]::ReadWrite -bor [System.IO.FileShare]::Delete
    return (New-Object System.IO.FileStream($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, $share))
}

function Read-WinReFixWimInfo {
    # Never throws: an unreadable or damaged WIM is a fact to report (readable=false with the reason), not a failure
    # of the audit.
    param([Parameter(Mandatory = $true)][string] $Path)
    $stream = $null
    try {
        $stream = Open-WinReFixWimStream -Path $Path
        return (Read-WinReFixWimStreamInfo -Stream $stream)
    } catch {
        $message = [string]$_.Exception.Message
        if ($_.Exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $_.Exception.InnerException) {
            $message = [string]$_.Exception.InnerException.Message
        }
        return [ordered]@{
            readable = $false; error = $message; writeInProgress = $null; imageCount = $null; version = $null
            build = $null; spBuild = $null; architecture = $null; editionId = $null; installationType = $null; name = $null
        }
    } finally {
        if ($null -ne $stream) { $stream.Dispose() }
    }
}
