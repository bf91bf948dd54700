# Forbidden: $PSStyle without a version check (PowerShell 7.2).
$PSStyle.OutputRendering = "PlainText"
