# The contender processes of the message benchmarks (C, managed API, Java, Go, and the cmdlets'
# second pwsh): each started once, kept up, and given one command per line of standard input,
# answering one line each (bench/msgbench.c says which). Starting a JVM, a .NET program or pwsh
# takes seconds under UML; started once, no round pays it, and every round finds its runtime warm.

function Start-Contender {
    param([string] $Name, [string] $File, [string[]] $Arguments)
    $info = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    # What a contender says on standard error (a stack trace, a failed call), read to its end in
    # the background, is shown when it fails.
    [pscustomobject]@{ Name = $Name; Process = $process; Errors = $process.StandardError.ReadToEndAsync() }
}

function Get-ContenderErrors($Contender) {
    if (-not $Contender.Errors.Wait(2000)) { return '' }
    $lines = @($Contender.Errors.Result -split "`n" | Where-Object { $_ } | Select-Object -Last 20)
    if ($lines) { "; its standard error:`n  " + ($lines -join "`n  ") } else { '' }
}

function Send-ContenderCommand($Contender, [string] $Line) {
    $Contender.Process.StandardInput.WriteLine($Line)
    $Contender.Process.StandardInput.Flush()
}

# The next answer line; a timeout, an exit or an "error: ..." answer throws, naming the contender.
function Read-ContenderAnswer($Contender, [int] $TimeoutSeconds = 300) {
    $read = $Contender.Process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds($TimeoutSeconds))) { throw "$($Contender.Name): no answer within $TimeoutSeconds s$(Get-ContenderErrors $Contender)" }
    $line = $read.Result
    if ($null -eq $line) { throw "$($Contender.Name) ended (exit code $(if ($Contender.Process.WaitForExit(5000)) { $Contender.Process.ExitCode }))$(Get-ContenderErrors $Contender)" }
    if ($line -like 'error*') { throw "$($Contender.Name): $line$(Get-ContenderErrors $Contender)" }
    $line
}

function Invoke-ContenderCommand($Contender, [string] $Line, [int] $TimeoutSeconds = 300) {
    Send-ContenderCommand $Contender $Line
    Read-ContenderAnswer $Contender $TimeoutSeconds
}

# Closing standard input ends the command loop; a contender that hangs is ended by its own id.
function Stop-Contender($Contender) {
    try { $Contender.Process.StandardInput.Close() } catch { }
    if (-not $Contender.Process.WaitForExit(10000)) { $Contender.Process.Kill() }
    $Contender.Process.Dispose()
}

Export-ModuleMember -Function Start-Contender, Send-ContenderCommand, Read-ContenderAnswer, Invoke-ContenderCommand, Stop-Contender
