# The tables of the message benchmarks, and the targets of issue 15 checked against them.
# Input: one row per pattern, size and contender (Pattern, Title, Size, Contender, Rate in
# messages or round trips per second, P50 and P99 in microseconds for round trips), all medians
# of one sandbox boot. Every ratio compares contenders of the same row group in that boot.

function Get-Ratio($Numerator, $Denominator) {
    if ($null -eq $Numerator -or $null -eq $Denominator -or $Denominator -eq 0) { return $null }
    [Math]::Round($Numerator / $Denominator, 2)
}

function Write-MessageTables([object[]] $Results) {
    $groups = $Results | Group-Object Pattern, Size
    $rows = foreach ($group in $groups) {
        $byName = @{}; foreach ($r in $group.Group) { $byName[$r.Contender] = $r }
        $ranked = @($group.Group | Where-Object Contender -ne 'Floor' | Sort-Object Rate -Descending | ForEach-Object Contender)
        foreach ($r in $group.Group) {
            [pscustomobject]@{
                Pattern   = $r.Title
                Size      = $r.Size
                Contender = $r.Contender
                PerSecond = [long][Math]::Round($r.Rate)
                MBPerSec  = [Math]::Round($r.Rate * $r.Size / 1MB, 1)
                P50Us     = if ($null -ne $r.P50) { [long][Math]::Round($r.P50) }
                P99Us     = if ($null -ne $r.P99) { [long][Math]::Round($r.P99) }
                VsC       = Get-Ratio $r.Rate $byName['C'].Rate
                VsFloor   = if ($r.Contender -eq 'Cmdlets') { Get-Ratio $r.Rate $byName['Floor'].Rate }
                Place     = if ($r.Contender -ne 'Floor') { '{0} of {1}' -f ([array]::IndexOf($ranked, $r.Contender) + 1), $ranked.Count }
            }
        }
    }
    foreach ($pattern in 'Batch', 'Processes', 'Threads', 'Ping') {
        $table = @($rows | Where-Object { $_.Pattern -eq ($Results | Where-Object Pattern -eq $pattern | Select-Object -First 1).Title })
        if (-not $table) { continue }
        Write-Host ''
        Write-Host "$($table[0].Pattern) ($(if ($pattern -eq 'Ping') { 'round trips per second, round-trip times in microseconds' } else { 'messages per second' }); VsC: rate / C's rate; VsFloor: the cmdlets' rate / PowerShell's floor)"
        $columns = if ($pattern -eq 'Ping') { 'Size', 'Contender', 'PerSecond', 'P50Us', 'P99Us', 'VsC', 'VsFloor', 'Place' }
                   else { 'Size', 'Contender', 'PerSecond', 'MBPerSec', 'VsC', 'VsFloor', 'Place' }
        $table | Format-Table -Property $columns -AutoSize | Out-String -Width 160 | ForEach-Object { Write-Host $_.TrimEnd() }
    }
    Write-CmdletCost $Results
    Write-Targets $Results
}

# Where a cmdlet message's time goes: PowerShell's own pipelines (the floor), the managed API's
# time for the same work (kernel and API), and the rest, which is the cmdlets' own.
function Write-CmdletCost([object[]] $Results) {
    $rows = foreach ($group in $Results | Group-Object Pattern, Size) {
        $byName = @{}; foreach ($r in $group.Group) { $byName[$r.Contender] = $r }
        if (-not ($byName['Cmdlets'] -and $byName['Floor'] -and $byName['Managed'])) { continue }
        $cmdlets = 1e6 / $byName['Cmdlets'].Rate; $floor = 1e6 / $byName['Floor'].Rate; $managed = 1e6 / $byName['Managed'].Rate
        [pscustomobject]@{
            Pattern = $group.Group[0].Title; Size = $group.Group[0].Size
            CmdletsUs = [Math]::Round($cmdlets, 1); FloorUs = [Math]::Round($floor, 1); ManagedUs = [Math]::Round($managed, 1)
            RestUs = [Math]::Round($cmdlets - $floor - $managed, 1)
            VsFloorPlusManaged = Get-Ratio ($floor + $managed) $cmdlets
        }
    }
    if (-not $rows) { return }
    Write-Host 'Cmdlets: microseconds per message (per round trip) = PowerShell''s floor + the managed API''s time for the same work + the rest (the cmdlets'' own)'
    $rows | Format-Table -AutoSize | Out-String -Width 160 | ForEach-Object { Write-Host $_.TrimEnd() }
}

function Write-Targets([object[]] $Results) {
    $find = { param($Pattern, $Size, $Contender) $Results | Where-Object { $_.Pattern -eq $Pattern -and $_.Size -eq $Size -and $_.Contender -eq $Contender } | Select-Object -First 1 }
    $checks = [Collections.Generic.List[object]]::new()
    foreach ($group in $Results | Group-Object Pattern, Size) {
        $p = $group.Group[0].Pattern; $s = $group.Group[0].Size; $where = "$($group.Group[0].Title), $s bytes"
        $c = & $find $p $s 'C'; $managed = & $find $p $s 'Managed'; $cmdlets = & $find $p $s 'Cmdlets'; $floor = & $find $p $s 'Floor'
        if ($c -and $managed) { $checks.Add(@{ Target = 'managed >= 0.9 of C'; Where = $where; Value = $managed.Rate / $c.Rate; Met = $managed.Rate / $c.Rate -ge 0.9 }) }
        foreach ($other in 'Java', 'Go') {
            $o = & $find $p $s $other
            if ($o -and $managed) { $checks.Add(@{ Target = "managed ahead of $other"; Where = $where; Value = $managed.Rate / $o.Rate; Met = $managed.Rate -gt $o.Rate }) }
        }
        if ($cmdlets -and $floor) { $checks.Add(@{ Target = 'cmdlets >= 0.8 of the floor'; Where = $where; Value = $cmdlets.Rate / $floor.Rate; Met = $cmdlets.Rate / $floor.Rate -ge 0.8 }) }
        if ($cmdlets -and $floor -and $managed) {
            $bound = 1 / (1 / $floor.Rate + 1 / $managed.Rate)
            $checks.Add(@{ Target = 'cmdlets >= 0.8 of floor + managed'; Where = $where; Value = $cmdlets.Rate / $bound; Met = $cmdlets.Rate / $bound -ge 0.8 })
        }
        if ($p -in 'Processes', 'Threads' -and $s -eq 1024 -and $cmdlets -and $c) {
            $checks.Add(@{ Target = 'cmdlets streaming 1 KiB >= 0.5 of C'; Where = $where; Value = $cmdlets.Rate / $c.Rate; Met = $cmdlets.Rate / $c.Rate -ge 0.5 })
        }
        if ($p -eq 'Ping' -and $cmdlets -and $managed) {
            $checks.Add(@{ Target = 'cmdlets p50 within 1.5x of managed'; Where = $where; Value = $cmdlets.P50 / $managed.P50; Met = $cmdlets.P50 / $managed.P50 -le 1.5 })
        }
    }
    Write-Host 'Targets (issue 15), each in one boot:'
    $checks | ForEach-Object { [pscustomobject]@{ Target = $_.Target; Where = $_.Where; Ratio = [Math]::Round($_.Value, 2); Met = if ($_.Met) { 'met' } else { 'MISSED' } } } |
        Format-Table -AutoSize | Out-String -Width 160 | ForEach-Object { Write-Host $_.TrimEnd() }
}
