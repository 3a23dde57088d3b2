//! The Dockerfile and deploy/kubernetes.yaml agree with the binary and with
//! each other: image name, port, probes, env vars, drain time.

use std::collections::BTreeMap;

use attache::config::{Cli, ServeConfig, parse_duration};
use axum::http::StatusCode;
use clap::CommandFactory;
use serde::Deserialize;
use serde_json::Value;

use crate::http_api::{app, get, send};

const DOCKERFILE: &str = include_str!("../../Dockerfile");
const KUBERNETES: &str = include_str!("../../deploy/kubernetes.yaml");

fn manifests() -> BTreeMap<String, Value> {
    serde_yaml::Deserializer::from_str(KUBERNETES)
        .map(|doc| {
            let v = Value::deserialize(doc).expect("kubernetes.yaml parses");
            (v["kind"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// Arguments of the Dockerfile's instructions named `name` (continuations joined).
fn instructions(name: &str) -> Vec<String> {
    let joined = DOCKERFILE.replace("\\\n", " ");
    joined
        .lines()
        .map(str::trim)
        .filter_map(|l| {
            let (head, rest) = l.split_once(char::is_whitespace)?;
            head.eq_ignore_ascii_case(name)
                .then(|| rest.trim().to_string())
        })
        .collect()
}

fn binary_name() -> String {
    std::path::Path::new(env!("CARGO_BIN_EXE_attache"))
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn default_port() -> u16 {
    ServeConfig::default()
        .addr
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn dockerfile_builds_small_cached_locked_and_non_root() {
    assert!(instructions("FROM").len() >= 3, "multi-stage");
    let runs = instructions("RUN").join("\n");
    assert!(runs.contains("cargo chef cook"), "dependency layer cached");
    assert!(runs.contains("cargo chef prepare"));
    assert!(
        runs.lines()
            .filter(|r| r.contains("cargo build") || r.contains("cargo chef cook"))
            .all(|r| r.contains("--locked")),
        "--locked builds"
    );
    let runtime = instructions("FROM").last().unwrap().clone();
    assert!(
        runtime.contains("slim") || runtime.contains("distroless"),
        "{runtime}"
    );
    let user = instructions("USER");
    assert_eq!(user.len(), 1);
    let (uid, gid) = user[0].split_once(':').expect("USER uid:gid");
    assert!(
        uid != "root" && uid != "0" && gid != "0",
        "non-root user and group"
    );
    // Base images by their full names, for podman and buildah.
    for from in instructions("FROM") {
        let image = from.split_whitespace().next().unwrap();
        assert!(
            image.starts_with("docker.io/") || image.starts_with("gcr.io/") || image == "chef",
            "{image} is not fully qualified"
        );
    }
    assert!(
        runs.contains("strip target/release/attache"),
        "stripped binary"
    );
    assert_eq!(instructions("EXPOSE"), [default_port().to_string()]);
    let entry = &instructions("ENTRYPOINT")[0];
    assert!(entry.contains(&format!("/{}\"", binary_name())), "{entry}");
    // The binary checks its own health at the configured address: no curl
    // in the image, and a changed ATTACHE_ADDR is followed.
    let health = &instructions("HEALTHCHECK")[0];
    assert!(health.contains("\"healthcheck\"]"), "{health}");
    let env = instructions("ENV").join(" ");
    assert!(
        env.contains(&format!("ATTACHE_ADDR=0.0.0.0:{}", default_port())),
        "{env}"
    );
    assert!(instructions("LABEL")[0].contains(&format!(
        "org.opencontainers.image.title=\"{}\"",
        binary_name()
    )));
}

#[tokio::test]
async fn kubernetes_agrees_with_the_binary_and_the_dockerfile() {
    let m = manifests();
    let deploy = &m["Deployment"];
    let pod = &deploy["spec"]["template"];
    let c = &pod["spec"]["containers"][0];
    // Image: the binary's name, the crate's version.
    assert_eq!(
        c["image"],
        format!("{}:{}", binary_name(), env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(c["args"][0], "serve");
    // Port: the Dockerfile's EXPOSE, the binary's default, ATTACHE_ADDR.
    let port = &c["ports"][0];
    assert_eq!(port["containerPort"], default_port());
    let env: BTreeMap<&str, &Value> = c["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e))
        .collect();
    assert_eq!(
        env["ATTACHE_ADDR"]["value"],
        format!("0.0.0.0:{}", default_port())
    );
    // Every env var is one the binary reads.
    let cmd = Cli::command();
    let serve = cmd.find_subcommand("serve").unwrap();
    let known: Vec<String> = serve
        .get_arguments()
        .filter_map(|a| a.get_env().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for name in env.keys() {
        assert!(
            known.iter().any(|k| k == name),
            "{name} is not a serve env var"
        );
    }
    // Probes hit routes that answer, on the named port.
    let app = app();
    for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
        assert_eq!(c[probe]["httpGet"]["path"], path);
        assert_eq!(c[probe]["httpGet"]["port"], port["name"]);
        assert_eq!(send(&app, get(path)).await.status, StatusCode::OK, "{path}");
    }
    // The grace period covers the preStop pause and the whole drain.
    let drain = parse_duration(env["ATTACHE_SHUTDOWN_TIMEOUT"]["value"].as_str().unwrap())
        .unwrap()
        .as_secs();
    // A sleep action: the distroless image has no `sleep` to exec.
    let pre_stop = c["lifecycle"]["preStop"]["sleep"]["seconds"]
        .as_u64()
        .expect("preStop sleeps");
    let grace = pod["spec"]["terminationGracePeriodSeconds"]
        .as_u64()
        .unwrap();
    assert!(grace > pre_stop + drain, "{grace} <= {pre_stop} + {drain}");
    // Resources, and the same non-root uid as the image.
    for k in ["requests", "limits"] {
        assert!(c["resources"][k]["cpu"].is_string() && c["resources"][k]["memory"].is_string());
    }
    let sc = &pod["spec"]["securityContext"];
    assert_eq!(
        format!("{}:{}", sc["runAsUser"], sc["runAsGroup"]),
        instructions("USER")[0]
    );
    // Pod Security "restricted": a seccomp profile, no privilege escalation.
    assert_eq!(sc["seccompProfile"]["type"], "RuntimeDefault");
    assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
    // Voluntary disruptions (node drains) keep at least one pod serving.
    let pdb = &m["PodDisruptionBudget"];
    assert_eq!(pdb["spec"]["selector"], deploy["spec"]["selector"]);
    assert_eq!(pdb["spec"]["minAvailable"], 1);
    // Service selects the pods and targets the named port.
    let svc = &m["Service"];
    assert_eq!(
        svc["spec"]["selector"],
        deploy["spec"]["selector"]["matchLabels"]
    );
    for (k, v) in svc["spec"]["selector"].as_object().unwrap() {
        assert_eq!(&pod["metadata"]["labels"][k], v);
    }
    assert_eq!(svc["spec"]["ports"][0]["targetPort"], port["name"]);
    // The autoscaler scales this Deployment on CPU.
    let hpa = &m["HorizontalPodAutoscaler"];
    assert_eq!(hpa["spec"]["scaleTargetRef"]["kind"], "Deployment");
    assert_eq!(
        hpa["spec"]["scaleTargetRef"]["name"],
        deploy["metadata"]["name"]
    );
    assert_eq!(hpa["spec"]["metrics"][0]["resource"]["name"], "cpu");
}
