{{- define "picluster-test.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "picluster-test.image" -}}
{{ .Values.testApp.image.repository }}:{{ .Values.testApp.image.tag | default .Chart.AppVersion }}
{{- end }}
