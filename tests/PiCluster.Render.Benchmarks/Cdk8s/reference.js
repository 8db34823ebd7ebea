// The cdk8s reference set for the render benchmark: N services of 7 objects each (Namespace, ServiceAccount,
// ConfigMap, Deployment, Service, a Traefik IngressRoute and a PersistentVolumeClaim), one chart (one file) per
// service, names explicit (no hashes), synthesized into OUTDIR. Usage: node reference.js N OUTDIR
'use strict';
const { App, Chart, ApiObject } = require('cdk8s');

const services = Number.parseInt(process.argv[2], 10);
const outdir = process.argv[3];
if (!(services > 0) || !outdir) {
  console.error('usage: node reference.js N OUTDIR');
  process.exit(2);
}

const app = new App({ outdir, outputFileExtension: '.yaml' });
for (let i = 1; i <= services; i++) {
  const name = `app${String(i).padStart(4, '0')}`;
  const labels = { 'app.kubernetes.io/name': name };
  const meta = { name, namespace: name, labels };
  const chart = new Chart(app, name);
  new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  new ApiObject(chart, 'account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta });
  new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { 'nginx.conf': 'server { listen 8080; }\n' } });
  new ApiObject(chart, 'claim', {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta,
    spec: { accessModes: ['ReadWriteMany'], storageClassName: '', volumeName: `nfs-${name}`, resources: { requests: { storage: '1Gi' } } },
  });
  new ApiObject(chart, 'deployment', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta,
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          containers: [{
            name, image: 'nginxinc/nginx-unprivileged:1.29-alpine',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10 },
            volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'config', mountPath: '/etc/nginx/conf.d' }],
          }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }, { name: 'config', configMap: { name } }],
        },
      },
    },
  });
  new ApiObject(chart, 'service', {
    apiVersion: 'v1', kind: 'Service', metadata: meta,
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  new ApiObject(chart, 'route', {
    apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRoute', metadata: { name, namespace: name },
    spec: { entryPoints: ['websecure'], routes: [{ match: `Host(\`${name}.local\`)`, kind: 'Rule', services: [{ name, port: 80 }] }], tls: {} },
  });
}
app.synth();
