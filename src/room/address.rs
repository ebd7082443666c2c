//! Which of the laptop's addresses phones can reach (DESIGN.md §15). The room listens on every
//! address; the join card shows the one phones most likely reach and lets the facilitator
//! switch. A laptop running its own hotspot (`10.42.0.1`, no default route) is the setup the
//! README recommends, so the choice never depends on a default route existing, and loopback is
//! shown only when there is nothing else.

use std::net::{IpAddr, Ipv4Addr};

/// One address of one of the laptop's interfaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// Its name (`wlp2s0`, `en0`, `docker0`, …).
    pub name: String,
    /// The address.
    pub ip: IpAddr,
    /// Whether the system says it is up.
    pub up: bool,
}

impl Interface {
    /// An interface that is up.
    pub fn up(name: &str, ip: impl Into<IpAddr>) -> Self {
        Self { name: name.to_owned(), ip: ip.into(), up: true }
    }
}

/// Names of interfaces that virtual machines, containers and tunnels make: phones in the room
/// are not on them, so they come after the real ones.
const VIRTUAL: &[&str] = &[
    "docker",
    "br-",
    "veth",
    "virbr",
    "vboxnet",
    "vmnet",
    "lxc",
    "lxd",
    "cni",
    "flannel",
    "podman",
    "tun",
    "tap",
    "wg",
    "utun",
    "zt",
    "tailscale",
    "vEthernet",
];

fn is_virtual(name: &str) -> bool {
    VIRTUAL.iter().any(|v| name.to_ascii_lowercase().starts_with(&v.to_ascii_lowercase()))
}

/// The IPv4 addresses phones may reach the room at, best first: the address the default route
/// leaves from; then private-network addresses (10/8, 172.16/12, 192.168/16: a hotspot, the
/// venue's Wi-Fi) on real interfaces; other addresses on real interfaces; addresses on virtual
/// ones (containers, VMs, tunnels); interfaces that are down; link-local; and loopback last,
/// only when there is nothing else. Each address once.
pub fn reachable(interfaces: &[Interface], default_route: Option<IpAddr>) -> Vec<Ipv4Addr> {
    let rank = |i: &Interface, ip: Ipv4Addr| -> u8 {
        if ip.is_loopback() {
            7
        } else if ip.is_link_local() {
            6
        } else if !i.up {
            5
        } else if Some(IpAddr::V4(ip)) == default_route {
            0
        } else if is_virtual(&i.name) {
            4
        } else if ip.is_private() {
            1
        } else {
            2
        }
    };
    let mut ranked: Vec<(u8, usize, Ipv4Addr)> = interfaces
        .iter()
        .enumerate()
        .filter_map(|(k, i)| match i.ip {
            IpAddr::V4(ip) if !ip.is_unspecified() && !ip.is_broadcast() && !ip.is_multicast() => {
                Some((rank(i, ip), k, ip))
            }
            _ => None,
        })
        .collect();
    ranked.sort_unstable();
    let mut out: Vec<Ipv4Addr> = Vec::with_capacity(ranked.len());
    for (_, _, ip) in ranked {
        if !out.contains(&ip) {
            out.push(ip);
        }
    }
    if out.iter().any(|ip| !ip.is_loopback()) {
        out.retain(|ip| !ip.is_loopback());
    }
    out
}

/// The laptop's interfaces as the system lists them (empty when it cannot say).
pub fn interfaces() -> Vec<Interface> {
    if_addrs::get_if_addrs()
        .map(|list| {
            list.into_iter()
                .map(|i| Interface { up: i.is_oper_up() || i.is_loopback(), ip: i.ip(), name: i.name })
                .collect()
        })
        .unwrap_or_default()
}

/// The address the default route leaves from, if there is a default route. Asks the system
/// only (a UDP socket is pointed at a documentation address; no packet is sent).
pub fn default_route() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// The addresses phones may reach this laptop at now, best first; loopback when it has no
/// network at all.
pub fn reachable_now() -> Vec<Ipv4Addr> {
    let mut found = reachable(&interfaces(), default_route());
    if found.is_empty() {
        found.push(Ipv4Addr::LOCALHOST);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
        Ipv4Addr::new(a, b, c, d)
    }

    #[test]
    fn the_address_shown_is_the_one_phones_reach() {
        let lo = Interface::up("lo", v4(127, 0, 0, 1));
        let hotspot = Interface::up("wlp2s0", v4(10, 42, 0, 1));
        let wifi = Interface::up("wlan0", v4(192, 168, 1, 23));
        let docker = Interface::up("docker0", v4(172, 17, 0, 1));
        let vpn = Interface::up("tun0", v4(10, 8, 0, 2));
        let public = Interface::up("eth0", v4(203, 0, 113, 7));
        let link_local = Interface::up("eth1", v4(169, 254, 3, 4));
        let down = Interface { up: false, ..Interface::up("wlan1", v4(192, 168, 9, 9)) };
        let v6 = Interface::up("wlan0", "fe80::1".parse::<IpAddr>().expect("v6"));
        /// What is listed, the default route's address, and what the card may show, best first.
        type Case = (&'static str, Vec<Interface>, Option<IpAddr>, Vec<Ipv4Addr>);
        let cases: &[Case] = &[
            (
                "the laptop's own hotspot, no default route",
                vec![lo.clone(), hotspot.clone()],
                None,
                vec![v4(10, 42, 0, 1)],
            ),
            ("nothing but loopback", vec![lo.clone()], None, vec![v4(127, 0, 0, 1)]),
            ("no interface at all", vec![], None, vec![]),
            (
                "venue Wi-Fi with a default route, docker too",
                vec![lo.clone(), docker.clone(), wifi.clone()],
                Some(IpAddr::V4(v4(192, 168, 1, 23))),
                vec![v4(192, 168, 1, 23), v4(172, 17, 0, 1)],
            ),
            (
                "the default route through a VPN: the hotspot still comes right after",
                vec![lo.clone(), vpn.clone(), hotspot.clone()],
                Some(IpAddr::V4(v4(10, 8, 0, 2))),
                vec![v4(10, 8, 0, 2), v4(10, 42, 0, 1)],
            ),
            (
                "a hotspot and docker, no default route: the real interface first",
                vec![docker.clone(), hotspot.clone(), lo.clone()],
                None,
                vec![v4(10, 42, 0, 1), v4(172, 17, 0, 1)],
            ),
            (
                "private before public, link-local and down interfaces last, no IPv6",
                vec![link_local.clone(), down.clone(), public.clone(), v6, wifi.clone()],
                None,
                vec![v4(192, 168, 1, 23), v4(203, 0, 113, 7), v4(192, 168, 9, 9), v4(169, 254, 3, 4)],
            ),
            (
                "an address listed twice is shown once",
                vec![wifi.clone(), wifi.clone()],
                None,
                vec![v4(192, 168, 1, 23)],
            ),
        ];
        for (what, interfaces, route, want) in cases {
            assert_eq!(&reachable(interfaces, *route), want, "{what}");
        }
    }
}
