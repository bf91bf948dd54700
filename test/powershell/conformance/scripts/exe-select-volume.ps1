# `select volume` by drive letter, with and without a colon or root backslash, by number, and the documented
# `volume=` form (https://learn.microsoft.com/windows-server/administration/windows-commands/select-volume),
# piped to diskpart as a one-liner would. Between two forms `select volume 1` moves the focus away.
$forms = @('select volume c', 'select volume C:', 'select volume C:\', 'sel vol=c', 'select volume 0', 'select volume=0', 'select volume q')
$commands = foreach ($form in $forms) { 'select volume 1'; $form }
$out = @($commands | diskpart)
$answers = @($out | Where-Object { $_ -match 'is the selected volume\.$|not valid' })
$result = [ordered]@{ code = $LASTEXITCODE }
for ($i = 0; $i -lt $forms.Count; $i++) { $result[$forms[$i]] = [string]$answers[2 * $i + 1] }
$result
