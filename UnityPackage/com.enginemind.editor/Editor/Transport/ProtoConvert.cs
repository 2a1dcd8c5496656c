using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Connection;
using EngineMind.Core.Jobs;
using EngineMind.Core.Models;
using EngineMind.Core.Planner;
using EngineMind.Core.Robots;
using EngineMind.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EngineMind.Editor.Transport
{
    /// <summary>Copies generated proto messages into the plain Core view-model types (and back for requests).</summary>
    internal static class ProtoConvert
    {
        public static RpcCode Code(RpcException e)
        {
            return (RpcCode)(int)e.StatusCode;
        }

        public static JobSnapshot ToSnapshot(Job j)
        {
            return new JobSnapshot
            {
                Id = j.Id, Family = j.Family, State = (JobStatus)(int)j.State, Step = j.Step, Total = j.Total,
                Error = j.Error, CreatedAt = j.CreatedAt, StartedAt = j.StartedAt, FinishedAt = j.FinishedAt,
                CancelRequested = j.CancelRequested, Attempts = j.Attempts, Worker = j.Worker,
            };
        }

        public static JobEventData ToEvent(JobEvent e)
        {
            var d = new JobEventData { JobId = e.JobId, Seq = e.Seq, Time = e.Time };
            switch (e.KindCase)
            {
                case JobEvent.KindOneofCase.State:
                    d.Kind = JobEventKind.State;
                    d.State = (JobStatus)(int)e.State.State;
                    d.Message = e.State.Message;
                    break;
                case JobEvent.KindOneofCase.Progress:
                    d.Kind = JobEventKind.Progress;
                    d.Step = e.Progress.Step;
                    d.Total = e.Progress.Total;
                    d.EtaSeconds = e.Progress.EtaS;
                    d.Message = e.Progress.Message;
                    break;
                case JobEvent.KindOneofCase.Metric:
                    d.Kind = JobEventKind.Metric;
                    d.MetricName = e.Metric.Name;
                    d.MetricValue = e.Metric.Value;
                    d.Step = e.Metric.Step;
                    break;
                case JobEvent.KindOneofCase.Log:
                    d.Kind = JobEventKind.Log;
                    d.LogLevel = e.Log.Level;
                    d.Message = e.Log.Message;
                    break;
                case JobEvent.KindOneofCase.Artifact:
                    d.Kind = JobEventKind.Artifact;
                    d.ArtifactKind = e.Artifact.Kind;
                    d.ArtifactPath = e.Artifact.Path;
                    d.ArtifactModel = e.Artifact.Model;
                    d.ArtifactVersion = e.Artifact.Version;
                    break;
                default:
                    d.Kind = JobEventKind.None; // a newer server's event kind: keep the seq, ignore the payload
                    break;
            }
            return d;
        }

        public static List<ArtifactEntry> ToArtifacts(ListArtifactsResponse r)
        {
            var list = new List<ArtifactEntry>();
            foreach (var a in r.Artifacts)
                list.Add(new ArtifactEntry
                {
                    Name = a.Name, Kind = a.Kind, Size = a.Size, Seq = a.Seq, Time = a.Time, Available = a.Available,
                });
            return list;
        }

        /// <summary>The backend's check of a corrected plan (ValidatePlan) as the Planner tab shows plans.</summary>
        public static PlanView ToPlanView(ValidatePlanResponse r)
        {
            var view = new PlanView { Valid = r.Valid, Verdict = r.Safety != null ? r.Safety.Verdict : "" };
            view.Errors.AddRange(r.Errors);
            view.SuccessCriteria.AddRange(r.SuccessCriteria);
            if (r.Safety != null)
            {
                view.Reasons.AddRange(r.Safety.Reasons);
                view.Notes.AddRange(r.Safety.Notes);
            }
            foreach (var s in r.Steps)
            {
                var step = new PlanStepData { Action = s.Action, Target = s.Target, Destination = s.Destination };
                foreach (var kv in s.Args) step.Args[kv.Key] = kv.Value;
                view.Steps.Add(step);
            }
            return view;
        }

        public static ModelRow ToModelRow(ModelVersion v)
        {
            var row = new ModelRow
            {
                Model = v.Model, Version = v.Version, Family = v.Family, JobId = v.JobId, CreatedAt = v.CreatedAt,
                Description = v.Description,
            };
            row.Aliases.AddRange(v.Aliases);
            foreach (var kv in v.Metrics) row.Metrics[kv.Key] = kv.Value;
            foreach (var a in v.Artifacts) row.TotalArtifactBytes += a.Size;
            return row;
        }

        public static PredictionStatus Status(Severity s)
        {
            switch (s)
            {
                case Severity.Ok: return PredictionStatus.Ok;
                case Severity.Warn: return PredictionStatus.Warn;
                case Severity.Error: return PredictionStatus.Error;
                case Severity.Stale: return PredictionStatus.Stale;
                default: return PredictionStatus.Unspecified;
            }
        }

        public static RobotPrediction ToPrediction(AIPrediction p)
        {
            return new RobotPrediction
            {
                RobotId = p.RobotId, Kind = p.Kind, Label = p.Label, Score = p.Score, Severity = Status(p.Severity),
                Time = p.Ts, Model = p.Model, ModelVersion = p.ModelVersion, Explanation = p.Explanation,
            };
        }

        public static RobotDiagnostic ToDiagnostic(Diagnostic d)
        {
            return new RobotDiagnostic
            {
                RobotId = d.RobotId, Name = d.Name, Level = Status(d.Level), Message = d.Message, LastSeen = d.LastSeen,
            };
        }

        /// <summary>The submit form's values as a google.protobuf.Struct.</summary>
        public static Struct ToStruct(IDictionary<string, object> values)
        {
            var s = new Struct();
            foreach (var kv in values) s.Fields[kv.Key] = ToValue(kv.Value);
            return s;
        }

        static Value ToValue(object o)
        {
            if (o == null) return Value.ForNull();
            var str = o as string;
            if (str != null) return Value.ForString(str);
            if (o is bool) return Value.ForBool((bool)o);
            if (o is double || o is float || o is int || o is long)
                return Value.ForNumber(Convert.ToDouble(o, CultureInfo.InvariantCulture));
            var dict = o as IDictionary<string, object>;
            if (dict != null) return Value.ForStruct(ToStruct(dict));
            var list = o as IEnumerable;
            if (list != null)
            {
                var items = new List<Value>();
                foreach (var item in list) items.Add(ToValue(item));
                return Value.ForList(items.ToArray());
            }
            throw new ArgumentException("cannot send a " + o.GetType().Name + " in a job config");
        }
    }
}
