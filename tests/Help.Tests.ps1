# Get-Help for every cmdlet, as a user reads it: complete, generated from the man pages,
# and with the errors of the catalogue. Needs no kernel SCTP.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:Cmdlets = @(Get-Command -Module SctpPS | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:Root = Split-Path $PSScriptRoot
    $helpGen = Get-ChildItem (Join-Path $Root 'src/SctpPS.HelpGen/bin') -Filter SctpPS.HelpGen.dll -Recurse | Select-Object -First 1
    Add-Type -Path $helpGen.FullName
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    function Compress-Space([string] $Text) { ($Text -replace '\s+', ' ').Trim() }
    # What Get-Help prints, without line wrapping, whitespace collapsed.
    function Get-HelpText([string] $Name, [switch] $Full) { Compress-Space (Get-Help $Name -Full:$Full | Out-String -Width 4000) }
}

Describe 'Get-Help <Name>' -Tag Host -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'has a synopsis and a description in the project''s words' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name) + '\s*\[')   # not the syntax Get-Help falls back to
        $help.Synopsis | Should -Not -Match '\{\{|Fill in'
        @($help.description).Count | Should -BeGreaterThan 0
        ($help.description.Text -join ' ') | Should -Not -Match '\{\{|Fill in'
    }

    It 'describes every parameter with its type, position, pipeline input and default' {
        $documented = @{}
        foreach ($p in $help.parameters.parameter) { $documented[$p.name] = $p }
        $own = $command.Parameters.Keys | Where-Object { $_ -notin $Common -or $_ -in 'WhatIf', 'Confirm' }
        foreach ($name in $own) {
            $documented.Keys | Should -Contain $name -Because "-$name must be documented"
            $p = $documented[$name]
            ($p.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
            $expectedType = [SctpPS.HelpGen.CmdletMetadata]::TypeName($command.Parameters[$name].ParameterType)
            $p.type.name | Should -Be $expectedType -Because "-$name's type"
            $p.position | Should -Not -BeNullOrEmpty
            $p.pipelineInput | Should -Match '^(True \(By|False)'
            "$($p.defaultValue)" | Should -Not -BeNullOrEmpty -Because "-$name needs a default value"
        }
        $documented.Keys | Where-Object { $_ -notin $own } | Should -BeNullOrEmpty -Because 'no parameter the cmdlet lacks'
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples) {
            $e.code | Should -Match ([regex]::Escape($Name))
            ($e.remarks.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }

    It 'names its inputs and outputs, including every [OutputType]' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $outputs = @($help.returnValues.returnValue.type.name)
        foreach ($type in $command.OutputType.Type) { $outputs | Should -Contain $type.FullName }
    }

    It 'lists exactly the errors of the catalogue, with category and errno' {
        $notes = Get-HelpText $Name -Full
        $catalogue = [SctpPS.Commands.ErrorCatalog]::For($Name)
        $listed = [regex]::Matches(($help.alertSet.alert.Text -join "`n"), '(?m)^([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?) \((\w+)(?:; (\w+), errno (\d+))?\):') |
            ForEach-Object { $_.Groups[1].Value }
        ($listed | Sort-Object) | Should -Be ($catalogue.ErrorId | Sort-Object)
        foreach ($e in $catalogue) {
            $errno = if ($null -ne $e.Errno) { "; $($e.Errno), errno $([int]$e.Errno)" } else { '' }
            $notes | Should -Match ([regex]::Escape("$($e.ErrorId) ($($e.Category)$errno):"))
        }
    }

    It 'links to the man pages it wraps and to other cmdlets' {
        $links = @($help.relatedLinks.navigationLink)
        $links.linkText | Where-Object { $_ -match '^sctp(_\w+)?\([37]\)$' } | Should -Not -BeNullOrEmpty
        $links.linkText | Where-Object { $_ -match '^\w+-Sctp\w+$' -and $_ -ne $Name } | Should -Not -BeNullOrEmpty
        $links | Where-Object linkText -match '\(\d\)$' | ForEach-Object { $_.uri | Should -Match '^https://man7\.org/linux/man-pages/man\d/' }
    }
}

Describe 'Help from the man pages' -Tag Host {
    It 'shows sctp_peeloff(3)''s DESCRIPTION and ERRORS in Get-Help Invoke-SctpPeelOff -Full' {
        # The expected text is read from the installed page now, never pasted into the repository.
        $page = [SctpPS.HelpGen.Roff.ManPage]::Load('/usr/share/man/man3/sctp_peeloff.3.gz', [Action[string]] { param($w) throw $w })
        $text = Get-HelpText Invoke-SctpPeelOff -Full
        foreach ($section in 'DESCRIPTION', 'ERRORS') {
            $blocks = $page.Find($section).Blocks
            $blocks.Count | Should -BeGreaterThan 0
            $text | Should -Match ([regex]::Escape("From the man page sctp_peeloff(3), ${section}:"))
            foreach ($block in $blocks) {
                $expected = if ($block -is [SctpPS.HelpGen.Roff.ManTaggedParagraph]) { "$($block.Tag): $($block.Text)" } else { $block.Text }
                $text | Should -Match ([regex]::Escape((Compress-Space $expected)))
            }
        }
        # And the errno -> ErrorId mapping of SctpPS for the same errors.
        $text | Should -Match 'PeelOff\.BadDescriptor \(InvalidArgument; EBADF, errno 9\)'
        $text | Should -Match 'PeelOff\.InvalidAssociation \(ObjectNotFound; EINVAL, errno 22\)'
        $text | Should -Match 'PeelOff\.NotASocket \(InvalidArgument; ENOTSOCK, errno 88\)'
    }

    It 'names every socket option of the catalogue in Get-SctpSocketOption''s help, and describes each in Set-SctpSocketOption''s' {
        $get = Get-HelpText Get-SctpSocketOption -Full
        $set = Get-Help Set-SctpSocketOption -Full
        foreach ($d in [SctpPS.SctpOptionCatalog]::All) {
            $get | Should -Match "\b$($d.Name)\b" -Because "$($d.Name) is an option Get-SctpSocketOption returns"
            if ($d.Settable) {
                $p = $set.parameters.parameter | Where-Object name -eq $d.Name
                ($p.description.Text -join ' ') | Should -Match ([regex]::Escape($d.KernelOption)) -Because "-$($d.Name) says which socket option it sets"
            }
        }
    }

    It 'carries the mapped sections into every cmdlet that has some' {
        $map = Get-Content (Join-Path $Root 'docs/ManPages.json') -Raw | ConvertFrom-Json -AsHashtable
        foreach ($cmdlet in $map.Keys) {
            $text = Get-HelpText $cmdlet
            foreach ($ref in $map[$cmdlet]) {
                $text | Should -Match ([regex]::Escape("From the man page $($ref.page)($($ref.section)), $($ref.heading)")) -Because "$cmdlet maps $($ref.page)($($ref.section)) $($ref.heading)"
            }
        }
    }
}

Describe 'The help files' -Tag Host {
    It 'are where Get-Help looks, with the exact file name case' {
        (Get-ChildItem (Join-Path (Get-SctpPSModulePath) 'en-US')).Name | Sort-Object | Should -Be @('about_SctpPS.help.txt', 'SctpPS.dll-Help.xml')
    }

    It 'Get-Help about_SctpPS explains sockets, associations, styles, peel-off, the sandbox and troubleshooting' {
        $about = Get-Help about_SctpPS | Out-String
        $about | Should -Match 'TOPIC\s+about_SctpPS'
        foreach ($topic in 'SOCKETS AND THEIR TWO STYLES', 'ASSOCIATIONS', 'PEEL-OFF', 'THE SANDBOX', 'TROUBLESHOOTING') {
            $about | Should -Match ([regex]::Escape($topic))
        }
        $about | Should -Match 'one-to-many'
        $about | Should -Match 'modprobe sctp'
    }

    It 'takes every ErrorId the cmdlets write from the catalogue (no ErrorRecord is built elsewhere)' {
        $commands = Join-Path $Root 'src/SctpPS/Commands'
        foreach ($file in Get-ChildItem $commands -Filter *.cs | Where-Object Name -notin 'ErrorCatalog.cs', 'SctpCmdlet.cs') {
            $source = Get-Content $file.FullName -Raw
            $source | Should -Not -Match 'new ErrorRecord\(' -Because "$($file.Name) must write errors through the catalogue"
            # An ErrorId-like literal outside the catalogue would be an error defined twice.
            [regex]::Matches($source, '"([A-Z][a-z]+[A-Za-z]*\.[A-Z][A-Za-z]+)"') | ForEach-Object { $_.Groups[1].Value } |
                Should -BeNullOrEmpty -Because "$($file.Name) must take ErrorIds from ErrorCatalog"
        }
    }
}
