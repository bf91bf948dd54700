# Forbidden: [ordered] on a non-literal (a parse error on every version).
$h = @{ a = 1 }
$o = [ordered]$h
