package api

import (
	"github.com/gin-gonic/gin"

	"dsflow/authz"
)

// routes registers every endpoint; openapi.json must list each (a test
// checks it).
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.handleHealthz)
	r.GET("/readyz", s.handleReadyz)
	r.GET("/metrics", s.handleMetrics)

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", s.handleOpenAPI)
	v1.POST("/auth/login", s.handleLogin)

	a := v1.Group("", s.authenticate)
	a.POST("/auth/logout", s.handleLogout)
	a.GET("/me", s.handleMe)
	a.GET("/me/filters", s.require(authz.ViewTasks), s.handleGetFilters)
	a.PUT("/me/filters", s.require(authz.ViewTasks), s.handlePutFilters)

	a.GET("/units", s.handleListUnits)
	a.GET("/units/:id", s.handleGetUnit)
	a.POST("/units/import", s.require(authz.ManageUnits), s.handleImportUnits)

	a.GET("/users", s.require(authz.ManageUsers), s.handleListUsers)
	a.POST("/users", s.require(authz.ManageUsers), s.handleCreateUser)
	a.GET("/users/:id", s.require(authz.ManageUsers), s.handleGetUser)
	a.PATCH("/users/:id", s.require(authz.ManageUsers), s.handleUpdateUser)

	a.GET("/tasks", s.require(authz.ViewTasks), s.handleListTasks)
	a.POST("/tasks", s.require(authz.CreateTasks), s.handleCreateTask)
	a.GET("/tasks/:id", s.require(authz.ViewTasks), s.handleGetTask)
	a.POST("/tasks/:id/attachments", s.require(authz.ActOnTasks), s.handleUploadAttachment)
	a.GET("/tasks/:id/attachments", s.require(authz.ViewTasks), s.handleListAttachments)
	a.GET("/tasks/:id/attachments/:file", s.require(authz.ViewTasks), s.handleDownloadAttachment)
	a.POST("/tasks/:id/:command", s.require(authz.ViewTasks), s.handleTaskCommand)

	a.GET("/campaigns", s.require(authz.ViewTasks), s.handleListProcesses)
	a.POST("/campaigns", s.require(authz.LaunchProcesses), s.handleLaunchProcess)
	a.GET("/campaigns/:id", s.require(authz.ViewTasks), s.handleGetProcess)
	a.POST("/campaigns/:id/cancel", s.require(authz.LaunchProcesses), s.handleCancelProcess)
	a.GET("/campaigns/:id/report.xlsx", s.require(authz.ViewTasks), s.handleProcessReport)

	a.GET("/schedules", s.require(authz.LaunchProcesses), s.handleListSchedules)
	a.POST("/schedules", s.require(authz.LaunchProcesses), s.handleCreateSchedule)
	a.GET("/schedules/:id", s.require(authz.LaunchProcesses), s.handleGetSchedule)
	a.POST("/schedules/:id/:action", s.require(authz.LaunchProcesses), s.handleScheduleAction)
	a.DELETE("/schedules/:id", s.require(authz.LaunchProcesses), s.handleDeleteSchedule)
	a.GET("/briefings/:id", s.require(authz.ViewTasks), s.handleGetBriefing)
	a.POST("/briefings/:id/conclusions", s.require(authz.LaunchProcesses), s.handleAddConclusions)

	a.GET("/inspections", s.require(authz.ViewTasks), s.handleListInspections)
	a.GET("/inspectors", s.require(authz.PlanInspections), s.handleListInspectors)
	a.POST("/inspections", s.require(authz.PlanInspections), s.handlePlanInspection)
	a.GET("/inspections/:id", s.require(authz.ViewTasks), s.handleGetInspection)
	a.GET("/inspections/:id/checklists/:unit", s.require(authz.ViewTasks), s.handleGetSheet)
	a.PUT("/inspections/:id/checklists/:unit", s.require(authz.ActOnTasks), s.handleSaveSheet)
	a.POST("/inspections/:id/checklists/:unit/submit", s.require(authz.ActOnTasks), s.handleSubmitSheet)
	a.POST("/inspections/:id/findings", s.require(authz.ActOnTasks), s.handleAddFinding)
	a.POST("/inspections/:id/sign", s.require(authz.ActOnTasks), s.handleSignInspection)
	a.GET("/inspections/:id/minutes.pdf", s.require(authz.ViewTasks), s.handleMinutes)

	a.GET("/screening/protocols", s.require(authz.ViewScreening), s.handleListProtocols)
	a.GET("/screening/cases", s.require(authz.ViewScreening), s.handleListCases)
	a.POST("/screening/cases", s.require(authz.RecordScreening), s.handleCreateCase)
	a.GET("/screening/cases/:id", s.require(authz.ViewScreening), s.handleGetCase)
	a.POST("/screening/cases/:id/transfer", s.require(authz.RecordScreening), s.handleTransferCase)
	a.GET("/screening/destinations", s.require(authz.RecordScreening), s.handleTransferDestinations)
	a.GET("/screening/access-log", s.require(authz.ReadAccessLog), s.handleAccessLog)
	a.GET("/screening/subjects", s.require(authz.ReadHealthData), s.handleSubjectExport)
	a.PUT("/screening/cases/:id/person", s.require(authz.ReadHealthData), s.handleCorrectPerson)
	a.DELETE("/screening/cases/:id/person", s.require(authz.ReadHealthData), s.handleErasePerson)
	a.PUT("/screening/targets", s.require(authz.SetScreeningTargets), s.handlePutScreeningTargets)
	a.POST("/screening/targets/import", s.require(authz.SetScreeningTargets), s.handleImportScreeningTargets)
	a.GET("/indicators/screening", s.require(authz.ViewScreening), s.handleScreeningCoverage)
	a.POST("/indicators/screening/tasks", s.require(authz.SetScreeningTargets), s.handleCoverageTasks)

	a.GET("/signoffs", s.require(authz.SignOff), s.handleSignOffs)
	a.GET("/overdue", s.require(authz.ViewOverdue), s.handleOverdue)
	a.GET("/overdue/history", s.require(authz.ViewOverdue), s.handleOverdueHistory)
	a.GET("/audit", s.require(authz.ReadAudit), s.handleAudit)
	a.GET("/notifications", s.handleListNotifications)
	a.POST("/notifications/read", s.handleMarkNotificationsRead)
	a.GET("/templates", s.require(authz.ViewTemplates), s.handleListTemplates)
	a.POST("/templates", s.require(authz.ManageTemplates), s.handleCreateTemplate)
	a.GET("/templates/:id", s.require(authz.ViewTemplates), s.handleGetTemplate)
	a.POST("/templates/:id/versions", s.require(authz.ManageTemplates), s.handleAddTemplateVersion)
	a.GET("/checklists", s.require(authz.ViewTemplates), s.handleListChecklists)
	a.POST("/checklists", s.require(authz.ManageTemplates), s.handleCreateChecklist)
	a.GET("/checklists/:id", s.require(authz.ViewTemplates), s.handleGetChecklist)
	a.POST("/checklists/:id/versions", s.require(authz.ManageTemplates), s.handleAddChecklistVersion)

	a.GET("/calendar/:year", s.handleGetCalendar)
	a.PUT("/calendar/:year", s.require(authz.EditCalendar), s.handlePutCalendar)
}
