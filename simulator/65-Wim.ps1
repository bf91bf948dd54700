# Simulated WIM files: the bytes of a WIM header and its XML metadata for a *.wim file of the machine file, served
# to ps-scripts/lib/Wim.ps1 (Read-WinReFixWimInfo) through its seam Get-SimWimBytes. The parsing is production code;
# only the bytes are made up, from the file record's `wim` field (schemas/simulated-machine.schema.json
# $defs/wimMetadata) or, without one, a healthy WinRE image of winre.version for x64.
# Layout: 208-byte header (wimlib include/wimlib/header.h,
# https://github.com/ebiggers/wimlib/blob/master/include/wimlib/header.h): magic MSWIM\0\0\0, header size 208,
# format version 0x10D00, flags (0x2 compressed | 0x40000 LZX, + 0x40 WIM_HDR_FLAG_WRITE_IN_PROGRESS), chunk size
# 32768, part 1 of 1, one image, the XML resource header at 0x48 (7-byte size + flags byte, offset, original
# size); the XML is UTF-16LE with a BOM (wimlib src/xml.c writes it so; Windows' own WIMs are the same, see
# docs/reference/winre-version.md#reading-the-version). Element names as DISM/wimgapi write them (wimlib src/xml.c):
# IMAGE INDEX, NAME, WINDOWS/ARCH, EDITIONID, INSTALLATIONTYPE, VERSION/MAJOR, MINOR, BUILD, SPBUILD, SPLEVEL.
# DEVIATION: the XML sits right after the header (a real WIM keeps it at the end of the file, after the resources);
# the reader follows the offset either way, and the bytes are not the declared file size.

Set-StrictMode -Version 3.0

function Get-SimWimArchName {
    param([int] $Architecture)
    switch ($Architecture) {
        0 { return 'x86' }
        5 { return 'arm' }
        9 { return 'x64' }
        12 { return 'arm64' }
        default { return ('arch ' + $Architecture) }
    }
}

function Get-SimWimMetadata {
    # The effective metadata of a file record: its `wim` field over the defaults.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $File)
    $wim = Get-SimProp $File 'wim' $null
    $version = [string](Get-SimProp $Machine.winre 'version' '10.0.0.0')
    $arch = 9
    $edition = 'WindowsPE'
    $installationType = 'WindowsPE'
    $name = $null
    $writeInProgress = $false
    $truncated = $false
    if ($null -ne $wim) {
        $version = [string](Get-SimProp $wim 'version' $version)
        $arch = [int](Get-SimProp $wim 'architecture' $arch)
        $edition = [string](Get-SimProp $wim 'editionId' $edition)
        $installationType = [string](Get-SimProp $wim 'installationType' $installationType)
        $name = Get-SimProp $wim 'name' $null
        $writeInProgress = [bool](Get-SimProp $wim 'writeInProgress' $false)
        $truncated = [bool](Get-SimProp $wim 'truncated' $false)
    }
    if ($null -eq $name) { $name = 'Microsoft Windows Recovery Environment (' + (Get-SimWimArchName -Architecture $arch) + ')' }
    return @{ Version = $version; Architecture = $arch; EditionId = $edition; InstallationType = $installationType; Name = [string]$name; WriteInProgress = $writeInProgress; Truncated = $truncated }
}

function ConvertTo-SimWimBytes {
    # Header + UTF-16LE XML for the given metadata and declared file size.
    param([Parameter(Mandatory = $true)] $Metadata, [long] $TotalBytes)
    $v = @($Metadata.Version.Split([char[]]@('.')))
    $esc = [System.Security.SecurityElement]
    $xml = '<WIM><TOTALBYTES>' + $TotalBytes + '</TOTALBYTES><IMAGE INDEX="1"><NAME>' + $esc::Escape($Metadata.Name) +
        '</NAME><DESCRIPTION>' + $esc::Escape($Metadata.Name) + '</DESCRIPTION><WINDOWS><ARCH>' + $Metadata.Architecture +
        '</ARCH><PRODUCTNAME>Microsoft' + [char]0x00AE + ' Windows' + [char]0x00AE + ' Operating System</PRODUCTNAME><EDITIONID>' +
        $esc::Escape($Metadata.EditionId) + '</EDITIONID><INSTALLATIONTYPE>' + $esc::Escape($Metadata.InstallationType) + '</INSTALLATIONTYPE><PRODUCTTYPE>WinNT</PRODUCTTYPE>' +
        '<LANGUAGES><LANGUAGE>en-US</LANGUAGE><DEFAULT>en-US</DEFAULT></LANGUAGES><VERSION><MAJOR>' + $v[0] + '</MAJOR><MINOR>' + $v[1] +
        '</MINOR><BUILD>' + $v[2] + '</BUILD><SPBUILD>' + $v[3] + '</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION><SYSTEMROOT>WINDOWS</SYSTEMROOT>' +
        '</WINDOWS></IMAGE></WIM>'
    $xmlBytes = [byte[]](@(0xFF, 0xFE) + [System.Text.Encoding]::Unicode.GetBytes($xml))
    $header = New-Object byte[] 208
    [System.Text.Encoding]::ASCII.GetBytes('MSWIM').CopyTo($header, 0)
    [System.BitConverter]::GetBytes([uint32]208).CopyTo($header, 0x08)
    [System.BitConverter]::GetBytes([uint32]0x10D00).CopyTo($header, 0x0C)
    $flags = [uint32](0x2 -bor 0x40000)
    if ($Metadata.WriteInProgress) { $flags = [uint32]($flags -bor 0x40) }
    [System.BitConverter]::GetBytes($flags).CopyTo($header, 0x10)
    [System.BitConverter]::GetBytes([uint32]32768).CopyTo($header, 0x14)
    [System.BitConverter]::GetBytes([uint16]1).CopyTo($header, 0x28)
    [System.BitConverter]::GetBytes([uint16]1).CopyTo($header, 0x2A)
    [System.BitConverter]::GetBytes([uint32]1).CopyTo($header, 0x2C)
    [System.BitConverter]::GetBytes([long]$xmlBytes.Length).CopyTo($header, 0x48)
    [System.BitConverter]::GetBytes([long]208).CopyTo($header, 0x50)
    [System.BitConverter]::GetBytes([long]$xmlBytes.Length).CopyTo($header, 0x58)
    $all = New-Object byte[] (208 + $xmlBytes.Length)
    [System.Array]::Copy($header, 0, $all, 0, 208)
    [System.Array]::Copy($xmlBytes, 0, $all, 208, $xmlBytes.Length)
    if ($Metadata.Truncated) {
        $cut = New-Object byte[] 100
        [System.Array]::Copy($all, 0, $cut, 0, 100)
        return , $cut
    }
    return , $all
}

function Get-SimWimBytes {
    # The seam of Read-WinReFixWimInfo: the file's bytes as a FileStream would read them. A missing file fails with
    # the text .NET's FileStream gives (System.IO.FileNotFoundException "Could not find file '<path>'.").
    param([Parameter(Mandatory = $true)][string] $Path)
    $machine = Read-SimMachine
    [void](Register-SimCall -Machine $machine -Command 'Read-WimHeader')
    if (Test-SimSharePath -Path $Path) {
        # A file on a simulated share: what FileStream throws there (simulator/62-Shares.ps1), else its bytes.
        $s = Resolve-SimSharePath -Machine $machine -Path $Path
        if ($null -ne $s.Exception) { throw $s.Exception }
        return , (ConvertTo-SimWimBytes -Metadata (Get-SimWimMetadata -Machine $machine -File $s.File) -TotalBytes ([long]$s.File.size))
    }
    $r = Resolve-SimFsPath -Machine $machine -Path $Path
    if ($null -eq $r -or $null -eq $r.File) {
        throw (New-Object System.IO.FileNotFoundException(("Could not find file '" + $Path + "'."), $Path))
    }
    $content = Get-SimProp $r.File 'content' $null
    $isWim = ($null -ne (Get-SimProp $r.File 'wim' $null)) -or ([string]$r.File.path).EndsWith('.wim', [System.StringComparison]::OrdinalIgnoreCase)
    if (-not $isWim) {
        # Not a WIM: its text, or (without one) as many zero bytes as a header would take.
        if ($null -ne $content) { return , ([System.Text.Encoding]::UTF8.GetBytes([string]$content)) }
        return , (New-Object byte[] 208)
    }
    $meta = Get-SimWimMetadata -Machine $machine -File $r.File
    return , (ConvertTo-SimWimBytes -Metadata $meta -TotalBytes ([long]$r.File.size))
}
