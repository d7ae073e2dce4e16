// The Go contender of the message benchmarks: github.com/ishidawataru/sctp (Debian's
// golang-github-ishidawataru-sctp-dev, built offline with GO111MODULE=off
// GOPATH=/usr/share/gocode), doing what bench/msgbench.c does, with the same commands and
// answers (one per line of standard input). The library makes one-to-one sockets only, so its
// batch runs on a one-to-one pair too. It has no setter for SCTP_NODELAY: every descriptor gets
// it (and the 4 MiB buffers every contender gets) from SocketConfig.Control, before bind or
// connect; without it Go crawls at about 190 msg/s here (Nagle and delayed SACK).
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/ishidawataru/sctp"
)

const buffers = 4 << 20

// Stream 1, payload protocol id 46 (network byte order on the wire), as every contender sends.
var sendInfo = &sctp.SndRcvInfo{Stream: 1, PPID: 46 << 24}

func setOptions(fd int) error {
	if err := syscall.SetsockoptInt(fd, sctp.SOL_SCTP, sctp.SCTP_NODELAY, 1); err != nil {
		return err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_SNDBUF, buffers); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, buffers)
}

var config = sctp.SocketConfig{
	InitMsg: sctp.InitMsg{NumOstreams: 10, MaxInstreams: 10},
	Control: func(network, address string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = setOptions(int(fd)) })
		return err
	},
}

func loopback(port int) *sctp.SCTPAddr {
	return &sctp.SCTPAddr{IPAddrs: []net.IPAddr{{IP: net.IPv4(127, 0, 0, 1)}}, Port: port}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func listen(port int) *sctp.SCTPListener {
	listener, err := config.Listen("sctp4", loopback(port))
	check(err)
	return listener
}

// The local address is given (port 0: any): with a Control function, the library formats the
// local address for it and fails on none.
func dial(port int) *sctp.SCTPConn {
	conn, err := config.Dial("sctp4", loopback(0), loopback(port))
	check(err)
	return conn
}

// accept also sets the options on the accepted descriptor (the kernel copies them from the
// listener; said again, so that no contender depends on that), through the connection's own
// setters: its descriptor is private.
func accept(listener *sctp.SCTPListener) *sctp.SCTPConn {
	conn, err := listener.AcceptSCTP()
	check(err)
	on := int32(1)
	_, _, err = conn.Setsockopt(sctp.SCTP_NODELAY, uintptr(unsafe.Pointer(&on)), unsafe.Sizeof(on))
	check(err)
	check(conn.SetWriteBuffer(buffers))
	check(conn.SetReadBuffer(buffers))
	return conn
}

// receive reads what the kernel hands out: a whole message, or a piece of one when the kernel
// delivers it partially (a full receive buffer). The library does not say where a message ends
// (no MSG_EOR), so the callers count bytes: every message of a run has the same size.
func receive(conn *sctp.SCTPConn, buffer []byte) int {
	n, _, err := conn.SCTPRead(buffer)
	check(err)
	return n
}

func send(conn *sctp.SCTPConn, payload []byte) {
	_, err := conn.SCTPWrite(payload, sendInfo)
	check(err)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d.Nanoseconds())/1e6) }

func batch(n, size, port int, payload, buffer []byte) string {
	listener := listen(port)
	defer listener.Close()
	client := dial(port)
	defer client.Close()
	server := accept(listener)
	defer server.Close()
	perBatch := 2 * 1024 * 1024 / size // as msgbench.c
	if perBatch > 64 {
		perBatch = 64
	} else if perBatch < 1 {
		perBatch = 1
	}
	start := time.Now()
	for done := 0; done < n; {
		count := perBatch
		if n-done < count {
			count = n - done
		}
		for i := 0; i < count; i++ {
			send(client, payload)
		}
		for bytes := 0; bytes < count*size; {
			bytes += receive(server, buffer)
		}
		done += count
	}
	return ms(time.Since(start))
}

// receiveAll accepts one peer and receives N messages of SIZE bytes: the time from the end of the
// warm-up (N/10) to the last.
func receiveAll(listener *sctp.SCTPListener, n, size int, buffer []byte) time.Duration {
	conn := accept(listener)
	defer conn.Close()
	warmUp := n / 10 * size
	start := time.Now()
	warm := false
	for bytes := 0; bytes < n*size; {
		bytes += receive(conn, buffer)
		if !warm && bytes >= warmUp {
			start = time.Now()
			warm = true
		}
	}
	return time.Since(start)
}

func sendAll(port, n int, payload []byte) {
	conn := dial(port)
	for i := 0; i < n; i++ {
		send(conn, payload)
	}
	conn.Close() // SCTP_EOF: SHUTDOWN once everything queued is delivered
}

func echo(listener *sctp.SCTPListener, n int, buffer []byte) {
	conn := accept(listener)
	defer conn.Close()
	for i := 0; i < n; i++ {
		send(conn, buffer[:receive(conn, buffer)])
	}
}

func ping(port, n int, payload, buffer []byte) string {
	conn := dial(port)
	defer conn.Close()
	roundTrips := make([]float64, n)
	warmUp := n / 10
	var start time.Time
	for i := 0; i < n; i++ {
		sent := time.Now()
		if i == warmUp {
			start = sent
		}
		send(conn, payload)
		receive(conn, buffer)
		roundTrips[i] = float64(time.Since(sent).Nanoseconds()) / 1e3
	}
	total := time.Since(start)
	timed := roundTrips[warmUp:]
	sort.Float64s(timed)
	return fmt.Sprintf("%s %.1f %.1f", ms(total), timed[len(timed)/2], timed[int(float64(len(timed))*0.99)])
}

func main() {
	buffer := make([]byte, 256*1024)
	payload := make([]byte, 256*1024)
	input := bufio.NewScanner(os.Stdin)
	for input.Scan() {
		words := strings.Fields(input.Text())
		if len(words) != 4 {
			fmt.Println("error: usage: batch|receive|send|threads|echo|ping N SIZE PORT")
			continue
		}
		n, _ := strconv.Atoi(words[1])
		size, _ := strconv.Atoi(words[2])
		port, _ := strconv.Atoi(words[3])
		data := payload[:size]
		switch words[0] {
		case "batch":
			fmt.Println(batch(n, size, port, data, buffer))
		case "receive":
			listener := listen(port)
			fmt.Println("listening")
			fmt.Println(ms(receiveAll(listener, n, size, buffer)))
			listener.Close()
		case "threads":
			listener := listen(port)
			done := make(chan struct{})
			go func() { sendAll(port, n, data); close(done) }()
			elapsed := receiveAll(listener, n, size, buffer)
			<-done
			fmt.Println(ms(elapsed))
			listener.Close()
		case "send":
			sendAll(port, n, data)
			fmt.Println("sent")
		case "echo":
			listener := listen(port)
			fmt.Println("listening")
			echo(listener, n, buffer)
			fmt.Println("echoed")
			listener.Close()
		case "ping":
			fmt.Println(ping(port, n, data, buffer))
		default:
			fmt.Println("error: unknown command " + words[0])
		}
	}
}
