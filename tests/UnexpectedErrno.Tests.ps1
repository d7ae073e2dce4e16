# The catch-all errors: what each cmdlet writes when the kernel answers with an errno that
# no entry of the error catalogue names (here ENOBUFS, which no SCTP call of SctpPS maps).
# The failure is real: a seccomp filter makes one system call on one descriptor fail, in a
# pwsh of its own (a filter cannot be removed). Each cmdlet must write its ErrorId, with the
# call and the errno in the message, and leave no descriptor behind.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force

    $script:Results = Invoke-ChildPwsh -Script {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

// Makes one system call fail with one errno when its arguments match, in every thread of this
// process (SECCOMP_FILTER_FLAG_TSYNC), from now until it exits.
public static class SyscallFault
{
    [StructLayout(LayoutKind.Sequential)] struct SockFilter { public ushort Code; public byte Jt; public byte Jf; public uint K; }
    [StructLayout(LayoutKind.Sequential)] struct SockFprog { public ushort Len; public IntPtr Filter; }

    [DllImport("libc", SetLastError = true)] static extern int prctl(int option, ulong a2, ulong a3, ulong a4, ulong a5);
    [DllImport("libc", SetLastError = true)] static extern long syscall(long number, long a1, long a2, IntPtr a3);

    const ushort Load = 0x20, JumpIfEqual = 0x15, Return = 0x06;   // BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET|K
    const uint Allow = 0x7fff0000, FailWith = 0x00050000;          // SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO

    // args: (index, value) pairs compared on their low 32 bits (seccomp_data.args start at byte 16).
    public static void Fail(int syscallNumber, int errno, params int[] args)
    {
        var program = new List<SockFilter>();
        int compares = 1 + args.Length / 2, allowAt = 2 * compares + 1;
        program.Add(new SockFilter { Code = Load, K = 0 });
        program.Add(new SockFilter { Code = JumpIfEqual, K = (uint)syscallNumber, Jf = (byte)(allowAt - 2) });
        for (int i = 0; i < args.Length; i += 2)
        {
            program.Add(new SockFilter { Code = Load, K = (uint)(16 + 8 * args[i]) });
            program.Add(new SockFilter { Code = JumpIfEqual, K = (uint)args[i + 1], Jf = (byte)(allowAt - program.Count - 1) });
        }
        program.Add(new SockFilter { Code = Return, K = FailWith | (uint)errno });
        program.Add(new SockFilter { Code = Return, K = Allow });
        var filter = program.ToArray();
        var pin = GCHandle.Alloc(filter, GCHandleType.Pinned);
        var fprog = Marshal.AllocHGlobal(Marshal.SizeOf<SockFprog>());
        try
        {
            Marshal.StructureToPtr(new SockFprog { Len = (ushort)filter.Length, Filter = pin.AddrOfPinnedObject() }, fprog, false);
            if (prctl(38, 1, 0, 0, 0) != 0) throw new InvalidOperationException("PR_SET_NO_NEW_PRIVS: errno " + Marshal.GetLastWin32Error());
            // seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, prog)
            long rc = syscall(317, 1, 1, fprog);
            if (rc != 0) throw new InvalidOperationException("seccomp: " + rc + ", errno " + Marshal.GetLastWin32Error());
        }
        finally { Marshal.FreeHGlobal(fprog); pin.Free(); }
    }
}
'@
        # x86_64 system call numbers (UML runs the host's); SOL_SCTP and the options as SctpPS defines them
        # (the gcc-checked SctpConstants).
        $nr = @{ socket = 41; sendmsg = 46; recvmsg = 47; listen = 50; setsockopt = 54; getsockopt = 55; accept4 = 288 }
        $constants = (Get-Module SctpPS).ImplementingAssembly.GetType('SctpPS.Native.SctpConstants', $true)
        function Get-SctpConstant([string] $Name) { $constants.GetField($Name).GetRawConstantValue() }
        $SOL_SCTP = Get-SctpConstant SOL_SCTP
        $ENOBUFS = [int][SctpPS.Native.Errno]::ENOBUFS
        # Makes $Call on descriptor $Fd fail with ENOBUFS; for getsockopt/setsockopt, only for the SOL_SCTP
        # option named. No descriptor is closed before the end, so none is reused under a filter.
        function Set-Fault([string] $Call, [int] $Fd, [string] $Option) {
            $arguments = @(0, $Fd)
            if ($Option) { $arguments += 1, $SOL_SCTP, 2, (Get-SctpConstant $Option) }
            [SyscallFault]::Fail($nr[$Call], $ENOBUFS, [int[]]$arguments)
        }

        $port = 26500
        $listener = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -OutboundStreams 5 -MaxInboundStreams 5
        Set-SctpSocketOption -Socket $listener -ReconfigSupported $true -ReconfigRequests All
        # A client socket of its own for each case, with one association to the listener.
        function New-Client([switch] $Reconfig) {
            $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -OutboundStreams 5 -MaxInboundStreams 5
            if ($Reconfig) { Set-SctpSocketOption -Socket $s -ReconfigSupported $true -ReconfigRequests All }
            $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
            [pscustomobject]@{ Socket = $s; Association = $a; Fd = [int]$s.Handle }
        }
        # Arms the fault, runs the cmdlet, and reports its error records, its output, the sockets
        # open before and after, and what -After reads of the state the cmdlet should have left alone.
        function Invoke-Case([string] $Case, [scriptblock] $Arm, [scriptblock] $Run, [scriptblock] $After = { $null }) {
            & $Arm
            $before = Get-OpenSocketCount
            $ErrorActionPreference = 'Continue'   # non-terminating errors, as a script sees them
            $all = @(& $Run 2>&1)
            $e = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            $script:lastOutput = $output
            [pscustomobject]@{
                Case = $Case; Count = @($e).Count; Output = $output.Count
                ErrorId = $e[0].FullyQualifiedErrorId; Category = "$($e[0].CategoryInfo.Category)"; Message = "$($e[0])"
                Target = "$($e[0].TargetObject)"; SocketsBefore = $before; SocketsAfter = Get-OpenSocketCount; After = "$(& $After)"
            }
        }

        $c = New-Client
        Invoke-Case 'Get-SctpAssociation' { Set-Fault getsockopt $c.Fd SCTP_STATUS } { Get-SctpAssociation -Socket $c.Socket }
        $c = New-Client
        Invoke-Case 'Get-SctpPeerAddress' { Set-Fault getsockopt $c.Fd SCTP_GET_PEER_ADDRS } { Get-SctpPeerAddress -Association $c.Association }
        $c = New-Client
        Invoke-Case 'Invoke-SctpPeelOff' { Set-Fault getsockopt $c.Fd SCTP_SOCKOPT_PEELOFF_FLAGS; Set-Fault getsockopt $c.Fd SCTP_SOCKOPT_PEELOFF } { Invoke-SctpPeelOff $c.Association } { @(Get-SctpAssociation -Socket $c.Socket).Count }
        $c = New-Client
        Invoke-Case 'Disconnect-SctpAssociation' { Set-Fault sendmsg $c.Fd } { Disconnect-SctpAssociation $c.Association } { (Get-SctpAssociation -Socket $c.Socket -ErrorAction SilentlyContinue).State }
        $c = New-Client
        Invoke-Case 'Send-SctpMessage' { Set-Fault sendmsg $c.Fd } { 'hello' | Send-SctpMessage -Association $c.Association }
        $c = New-Client
        Invoke-Case 'Set-SctpNotification' { Set-Fault setsockopt $c.Fd SCTP_EVENT } { Set-SctpNotification -Socket $c.Socket -Enable Shutdown }
        $c = New-Client
        Invoke-Case 'Add-SctpLocalAddress' { Set-Fault setsockopt $c.Fd SCTP_SOCKOPT_BINDX_ADD } { Add-SctpLocalAddress -Socket $c.Socket -Address 127.0.0.3 } { $c.Socket.LocalAddresses -join ',' }
        $c = New-Client
        Invoke-Case 'Remove-SctpLocalAddress' { Set-Fault setsockopt $c.Fd SCTP_SOCKOPT_BINDX_REM } { Remove-SctpLocalAddress -Socket $c.Socket -Address 127.0.0.2 } { $c.Socket.LocalAddresses -join ',' }
        $c = New-Client
        Invoke-Case 'Set-SctpPrimaryAddress' { Set-Fault setsockopt $c.Fd SCTP_PRIMARY_ADDR } { Set-SctpPrimaryAddress -Association $c.Association -Address 127.0.0.1 }
        $c = New-Client
        Invoke-Case 'Get-SctpSocketOption' { Set-Fault getsockopt $c.Fd SCTP_RTOINFO } { Get-SctpSocketOption -Socket $c.Socket -Name RtoInitialMs } { $script:lastOutput.RtoInitialMs }
        $c = New-Client
        $rtoInitial = (Get-SctpSocketOption -Socket $c.Socket -Name RtoInitialMs).RtoInitialMs
        Invoke-Case 'Set-SctpSocketOption' { Set-Fault setsockopt $c.Fd SCTP_RTOINFO } { Set-SctpSocketOption -Socket $c.Socket -RtoInitialMs ($rtoInitial + 500) } { "RtoInitialMs unchanged: $((Get-SctpSocketOption -Socket $c.Socket -Name RtoInitialMs).RtoInitialMs -eq $rtoInitial)" }
        $c = New-Client -Reconfig
        Invoke-Case 'Reset-SctpStream' { Set-Fault setsockopt $c.Fd SCTP_RESET_STREAMS } { Reset-SctpStream -Association $c.Association -Stream 1 }
        $c = New-Client -Reconfig
        Invoke-Case 'Reset-SctpAssociation' { Set-Fault setsockopt $c.Fd SCTP_RESET_ASSOC } { Reset-SctpAssociation -Association $c.Association }
        $c = New-Client -Reconfig
        Invoke-Case 'Add-SctpStream' { Set-Fault setsockopt $c.Fd SCTP_ADD_STREAMS } { Add-SctpStream -Association $c.Association -Outbound 1 }

        # Receive: a message waits on a listener of its own, and recvmsg fails.
        $quiet = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort ($port + 1) -Listen
        $c = New-SctpSocket
        $a = Connect-SctpAssociation -Socket $c -RemoteAddress 127.0.0.1 -RemotePort ($port + 1) -TimeoutSeconds 10
        'waiting' | Send-SctpMessage -Association $a
        Start-Sleep -Milliseconds 200
        Invoke-Case 'Receive-SctpMessage' { Set-Fault recvmsg ([int]$quiet.Handle) } { Receive-SctpMessage -Socket $quiet -TimeoutSeconds 5 }

        # Wait: a one-to-one listener with a connection waiting, and accept4 fails.
        $oneToOne = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort ($port + 2) -Listen
        $c = New-SctpSocket -Style OneToOne
        $null = Connect-SctpAssociation -Socket $c -RemoteAddress 127.0.0.1 -RemotePort ($port + 2) -TimeoutSeconds 10
        Invoke-Case 'Wait-SctpAssociation' { Set-Fault accept4 ([int]$oneToOne.Handle) } { Wait-SctpAssociation -Socket $oneToOne -TimeoutSeconds 5 }

        # Connect: sctp_connectx's SCTP_SOCKOPT_CONNECTX3 fails on a new socket.
        $c = New-SctpSocket
        Invoke-Case 'Connect-SctpAssociation' { Set-Fault getsockopt ([int]$c.Handle) SCTP_SOCKOPT_CONNECTX3 } { Connect-SctpAssociation -Socket $c -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 5 } { @(Get-SctpAssociation -Socket $c).Count }

        # Last, since they hold for every socket from then on: listen(2), then socket(2) for SCTP.
        Invoke-Case 'New-SctpSocket' { [SyscallFault]::Fail($nr.listen, $ENOBUFS) } { New-SctpSocket -LocalAddress 127.0.0.1 -Listen }
        Invoke-Case 'Test-SctpConnection' { [SyscallFault]::Fail($nr.socket, $ENOBUFS, 2, (Get-SctpConstant IPPROTO_SCTP)) } { Test-SctpConnection 127.0.0.1 $port -TimeoutSeconds 5 }
        Get-SctpSocket | Close-SctpSocket
    }
}

Describe 'An errno no catalogue entry names' -Tag Kernel {
    It '<Case> writes <ErrorId> (<Category>), naming the call and ENOBUFS, and leaks nothing' -ForEach @(
        @{ Case = 'Get-SctpAssociation'; ErrorId = 'GetAssociation.Failed'; Category = 'NotSpecified'; Call = 'SCTP_STATUS' }
        @{ Case = 'Get-SctpPeerAddress'; ErrorId = 'PeerAddress.Failed'; Category = 'NotSpecified'; Call = 'SCTP_GET_PEER_ADDRS' }
        @{ Case = 'Invoke-SctpPeelOff'; ErrorId = 'PeelOff.Failed'; Category = 'NotSpecified'; Call = 'PEELOFF'; After = '1' }
        @{ Case = 'Disconnect-SctpAssociation'; ErrorId = 'Disconnect.Failed'; Category = 'NotSpecified'; Call = 'SCTP_EOF'; After = 'Established' }
        @{ Case = 'Send-SctpMessage'; ErrorId = 'Send.Failed'; Category = 'NotSpecified'; Call = 'sendmsg' }
        @{ Case = 'Set-SctpNotification'; ErrorId = 'Notification.Failed'; Category = 'NotSpecified'; Call = 'SCTP_EVENT' }
        @{ Case = 'Add-SctpLocalAddress'; ErrorId = 'AddAddress.Failed'; Category = 'NotSpecified'; Call = 'SCTP_SOCKOPT_BINDX_ADD'; After = '127.0.0.1,127.0.0.2' }
        @{ Case = 'Remove-SctpLocalAddress'; ErrorId = 'RemoveAddress.Failed'; Category = 'NotSpecified'; Call = 'SCTP_SOCKOPT_BINDX_REM'; After = '127.0.0.1,127.0.0.2' }
        @{ Case = 'Set-SctpPrimaryAddress'; ErrorId = 'SetPrimary.Failed'; Category = 'NotSpecified'; Call = 'SCTP_PRIMARY_ADDR' }
        # One object holds every option asked for: it still comes, without the one the kernel would not give.
        @{ Case = 'Get-SctpSocketOption'; ErrorId = 'GetOption.Failed'; Category = 'NotSpecified'; Call = 'SCTP_RTOINFO'; Output = 1; After = '' }
        # The catalogue's own word for a change the kernel turns down for another reason: Refused, nothing changed.
        @{ Case = 'Set-SctpSocketOption'; ErrorId = 'SetOption.Refused'; Category = 'InvalidOperation'; Call = 'SCTP_RTOINFO'; After = 'RtoInitialMs unchanged: True' }
        @{ Case = 'Reset-SctpStream'; ErrorId = 'ResetStream.Failed'; Category = 'NotSpecified'; Call = 'SCTP_RESET_STREAMS' }
        @{ Case = 'Reset-SctpAssociation'; ErrorId = 'ResetAssociation.Failed'; Category = 'NotSpecified'; Call = 'SCTP_RESET_ASSOC' }
        @{ Case = 'Add-SctpStream'; ErrorId = 'AddStream.Failed'; Category = 'NotSpecified'; Call = 'SCTP_ADD_STREAMS' }
        @{ Case = 'Receive-SctpMessage'; ErrorId = 'Receive.Failed'; Category = 'NotSpecified'; Call = 'recvmsg' }
        @{ Case = 'Wait-SctpAssociation'; ErrorId = 'Wait.Failed'; Category = 'NotSpecified'; Call = 'accept' }
        @{ Case = 'Connect-SctpAssociation'; ErrorId = 'Connect.Failed'; Category = 'NotSpecified'; Call = 'SCTP_SOCKOPT_CONNECTX3'; After = '0' }
        @{ Case = 'New-SctpSocket'; ErrorId = 'NewSocket.Failed'; Category = 'NotSpecified'; Call = 'listen' }
        @{ Case = 'Test-SctpConnection'; ErrorId = 'TestConnection.Failed'; Category = 'NotSpecified'; Call = 'socket' }
    ) {
        $r = $Results | Where-Object Case -eq $Case
        $r | Should -Not -BeNullOrEmpty -Because "the child ran the $Case case"
        $r.Count | Should -Be 1 -Because 'one error record'
        $r.ErrorId | Should -BeLike "$ErrorId,SctpPS.Commands.*"
        $r.Category | Should -Be $Category
        $r.Message | Should -Match "\bENOBUFS, errno 105\b"
        $r.Message | Should -Match ([regex]::Escape($Call))
        $r.Output | Should -Be $(if ($Output) { $Output } else { 0 }) -Because 'nothing is written for a failed call'
        $r.SocketsAfter | Should -Be $r.SocketsBefore -Because 'no descriptor is left behind'
        if ($null -ne $After) { $r.After | Should -Be $After }
    }
}
