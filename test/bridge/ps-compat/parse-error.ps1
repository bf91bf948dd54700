# Forbidden: a syntax error (5.1 would not run the file at all).
function Broken {
    if ($true) {
