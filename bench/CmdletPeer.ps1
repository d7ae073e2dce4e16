<#
.SYNOPSIS
    The cmdlets' second process in the message benchmarks: a pwsh that stays up and runs the
    other end of a pattern, one command per line of standard input, one answer line each (as
    bench/msgbench.c does for C), so that pwsh's start (seconds under UML) is paid once.
      send N SIZE PORT   connect one-to-one, pipe N messages to Send-SctpMessage -> "sent"
      echo N SIZE PORT   listen one-to-one, answer "listening", accept, send back each of N
                         messages (Receive-SctpMessage | Send-SctpMessage) -> "echoed"
      ready              -> "ready", once the module is imported
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
. (Join-Path $PSScriptRoot 'CmdletPatterns.ps1')
$send = Get-Command Send-SctpMessage
$receive = Get-Command Receive-SctpMessage
# Straight to standard output, line by line: the driver waits on each answer.
function Write-Answer([string] $Text) { [Console]::Out.WriteLine($Text); [Console]::Out.Flush() }
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $command, $n, $size, $port = $line -split ' '
    try {
        switch ($command) {
            'ready' { Write-Answer 'ready' }
            'send' {
                $messages = New-MessageArray $n $size
                $association = Connect-BenchAssociation $port
                Send-StreamPattern $send $association $messages
                Close-SctpSocket -Socket $association.Socket   # graceful: SHUTDOWN once all is delivered
                Write-Answer 'sent'
            }
            'echo' {
                $listener = New-BenchSocket -Port $port -Listen
                Write-Answer 'listening'
                $association = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 60
                Invoke-EchoPattern $send $receive $association $n
                Close-SctpSocket -Socket $association.Socket, $listener
                Write-Answer 'echoed'
            }
            default { Write-Answer "error: unknown command $command" }
        }
    }
    catch { Write-Answer "error: $_" }
}
